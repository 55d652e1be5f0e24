# Toolchain of the Cortex-M targets (CONFIG_SVM_TARGET_CORTEX_M): CMakeLists.txt
# chooses it from the product's .config before project(), so one
# `cmake -B DIR -DSVM_CONFIG=configs/mps2_an385_defconfig` (or ./svm build)
# is all it takes.  Debian: gcc-arm-none-eabi libnewlib-arm-none-eabi.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

find_program(SVM_ARM_GCC arm-none-eabi-gcc)
if(NOT SVM_ARM_GCC)
  message(FATAL_ERROR "cmake/arm-none-eabi.cmake: arm-none-eabi-gcc not found: "
          "apt-get install --no-install-recommends gcc-arm-none-eabi libnewlib-arm-none-eabi (./svm build does)")
endif()
set(CMAKE_C_COMPILER "${SVM_ARM_GCC}")
set(CMAKE_ASM_COMPILER "${SVM_ARM_GCC}")
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# -fno-short-enums: generator/layout.py's ilp32 data model has int-sized
# enums (the generated storage asserts every structure's size).
set(SVM_ARM_CPU_FLAGS "-mcpu=cortex-m3 -mthumb")
set(CMAKE_C_FLAGS_INIT "${SVM_ARM_CPU_FLAGS} -fno-short-enums -ffunction-sections -fdata-sections")
# newlib-nano; our own startup code (hal/cortex-m/svm_startup.c); unused
# sections dropped; newlib is built with short enums, which is harmless
# for the few functions we call (memcpy, memset, snprintf).
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "${SVM_ARM_CPU_FLAGS} --specs=nano.specs -nostartfiles -Wl,--gc-sections -Wl,--no-enum-size-warning")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
