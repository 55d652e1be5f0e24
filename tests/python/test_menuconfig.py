"""./svm menuconfig as a person uses it: in a terminal (tmux), toggle a
group off, save, rebuild, and the product changes accordingly."""

import os
import shutil
import subprocess
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SVM = os.path.join(ROOT, "svm")


def tmux(*args, check=True):
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=check)


def screen(session):
    return tmux("capture-pane", "-t", session, "-p").stdout


def wait_for(session, text, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in screen(session):
            return
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; screen:\n{screen(session)}")


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (./svm test installs it)")
def test_menuconfig_turns_float_off(tmp_path):
    build = tmp_path / "build"
    subprocess.run([SVM, "build", "--build-dir", str(build)], check=True, capture_output=True)
    assert "CONFIG_SVM_GROUP_FLOAT=y" in (build / ".config").read_text()

    session = f"svm-menuconfig-{os.getpid()}"
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40",
         f"{SVM} menuconfig --build-dir {build}; echo MENUCONFIG-EXIT=$?; sleep 60")
    try:
        wait_for(session, "Instruction groups")
        tmux("send-keys", "-t", session, "Enter")  # into "Instruction groups"
        wait_for(session, "[*] Single-precision floating point (FLOAT)")
        tmux("send-keys", "-t", session, "Down", "Down", "Space")
        wait_for(session, "[ ] Single-precision floating point (FLOAT)")
        tmux("send-keys", "-t", session, "q")
        wait_for(session, "Save configuration?")
        tmux("send-keys", "-t", session, "y")
        wait_for(session, "MENUCONFIG-EXIT=0")
    finally:
        tmux("kill-session", "-t", session, check=False)

    assert "# CONFIG_SVM_GROUP_FLOAT is not set" in (build / ".config").read_text()
    subprocess.run([SVM, "build", "--build-dir", str(build)], check=True, capture_output=True)
    interp = (build / "generated" / "svm_interp.c").read_text()
    assert "op_addf" not in interp and "op_add:" in interp

    program = tmp_path / "float.s"
    program.write_text("main:\n    loadf 1.5\n    print\n    stop\n")
    r = subprocess.run([SVM, "run", str(program), "--build-dir", str(build)], capture_output=True, text=True)
    assert r.returncode == 2
    assert "instruction 'loadf' at pc 0 needs group FLOAT" in r.stderr
    assert "CONFIG_SVM_GROUP_FLOAT" in r.stderr
