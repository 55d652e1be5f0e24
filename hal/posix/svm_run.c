/* svm-run: the host runner of a Sense-VM product.
 *
 *   svm-run [--heap-cells N] [--stack-depth N] [--budget N] [--stats] [PROGRAM.svmb]
 *
 * Without PROGRAM, runs the programs the product embeds in its containers.
 * With PROGRAM, runs that image in the first container instead.  Prints
 * what the programs print; a fault or a rejected image is one line on
 * stderr naming the container, the reason and the pc.
 * Exit status: 0 all ended normally, 1 a container faulted, 2 an image was
 * rejected, 3 usage or file error.
 */
#include "svm.h"
#include "svm_autoconf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern svm_vm svm_product_vm;

/* The image read from a file: static, like every buffer of the VM. */
static uint8_t image_buffer[CONFIG_SVM_HOST_MAX_IMAGE];

static int usage(void)
{
    fprintf(stderr, "usage: svm-run [--heap-cells N] [--stack-depth N] [--budget N] [--stats] [PROGRAM.svmb]\n");
    return 3;
}

static int parse_count(const char *opt, const char *s, uint32_t *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end || end == s || v == 0 || v > 0xffffffffUL) {
        fprintf(stderr, "svm-run: %s needs a positive number, not '%s'\n", opt, s);
        return -1;
    }
    *out = (uint32_t)v;
    return 0;
}

static long read_image(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "svm-run: cannot open '%s': %s\n", path, strerror(errno));
        return -1;
    }
    size_t n = fread(image_buffer, 1, sizeof image_buffer, f);
    int more = fgetc(f) != EOF;
    int err = ferror(f);
    fclose(f);
    if (err) {
        fprintf(stderr, "svm-run: cannot read '%s'\n", path);
        return -1;
    }
    if (more) {
        fprintf(stderr, "svm-run: '%s' is larger than %u bytes (CONFIG_SVM_HOST_MAX_IMAGE)\n", path,
                (unsigned)sizeof image_buffer);
        return -1;
    }
    return (long)n;
}

int main(int argc, char **argv)
{
    svm_vm *vm = &svm_product_vm;
    uint32_t heap_cells = 0, stack_depth = 0, budget = 0;
    int stats = 0;
    const char *program = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--heap-cells") == 0 && i + 1 < argc) {
            if (parse_count(argv[i], argv[i + 1], &heap_cells))
                return 3;
            i++;
        } else if (strcmp(argv[i], "--stack-depth") == 0 && i + 1 < argc) {
            if (parse_count(argv[i], argv[i + 1], &stack_depth))
                return 3;
            i++;
        } else if (strcmp(argv[i], "--budget") == 0 && i + 1 < argc) {
            if (parse_count(argv[i], argv[i + 1], &budget))
                return 3;
            i++;
        } else if (strcmp(argv[i], "--stats") == 0) {
            stats = 1;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage();
            return 0;
        } else if (argv[i][0] == '-' || program) {
            return usage();
        } else {
            program = argv[i];
        }
    }

    svm_vm_init(vm);
    svm_container *first = &vm->containers[0];
    if (heap_cells || stack_depth) {
        if (svm_container_limit(first, heap_cells, stack_depth)) {
            fprintf(stderr,
                    "svm-run: this product's container '%s' has %u heap cells and a stack of %u: "
                    "--heap-cells and --stack-depth can only lower them\n",
                    first->cfg->name, (unsigned)(first->cfg->heap_ncells - 1), (unsigned)first->cfg->stack_depth);
            return 3;
        }
        if (!program)
            svm_container_load(vm, first, first->cfg->image, first->cfg->image_size);
    }
    if (program) {
        long n = read_image(program);
        if (n < 0)
            return 3;
        svm_container_load(vm, first, image_buffer, (uint32_t)n);
    }

    if (budget)
        first->budget = budget;
    svm_vm_run(vm);
    fflush(stdout);

    int status = 0;
    for (uint32_t i = 0; i < vm->ncontainers; i++) {
        svm_container *c = &vm->containers[i];
        if (c->state == SVM_CONTAINER_REJECTED) {
            fprintf(stderr, "svm: container '%s': %s\n", c->cfg->name, c->message);
            status = 2;
        } else if (c->state == SVM_CONTAINER_FAULTED) {
            fprintf(stderr, "svm: container '%s': %s\n", c->cfg->name, c->message);
            if (status == 0)
                status = 1;
        }
        if (stats)
            fprintf(stderr, "svm: container '%s': %u collections, %u of %u cells free, %llu branch points\n",
                    c->cfg->name, (unsigned)c->heap.collections, (unsigned)svm_heap_free_cells(&c->heap),
                    (unsigned)(c->heap.ncells - 1), (unsigned long long)c->branch_points);
    }
    return status;
}
