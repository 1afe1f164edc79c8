/*
 * libxl_cpuid_parse: feeds an xl.cfg cpuid value to the real libxenlight parser and prints what libxl will
 * apply, as libxl's own JSON ({"cpuid":[{"leaf","subleaf","eax".."edx": 32 chars, bit 31 first}],
 * "msr":[{"index","policy": 64 chars}]}; 0 clear, 1 set, x default policy, k/s host).
 *
 *   libxl_cpuid_parse libxl 'host,avx=0,...'     # the libxl form: split on ',' as xl does, first word "host"
 *   libxl_cpuid_parse xend '0x1:ecx=...' '...'    # the xend form: one argument per list item
 *
 * Works without a hypervisor (research xen.md §3.3). Exit status: 0, or 10 + libxl's error code for the first
 * item it rejects (the item is printed on stderr). Used by tests/Cpupolicy.Tests/Backends/XenPeerTests.cs.
 * Build: gcc -O2 -Wall -o libxl_cpuid_parse libxl_cpuid_parse.c -lxenlight -lyajl
 */
#define HAVE_YAJL_YAJL_VERSION_H 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxl.h>
#include <libxl_json.h>
#include <yajl/yajl_gen.h>

static int fail(const char *item, int rc)
{
    fprintf(stderr, "libxl rejected `%s`: error %d\n", item, rc);
    return 10 + rc;
}

int main(int argc, char **argv)
{
    libxl_cpuid_policy_list list = NULL;
    int i, rc;

    if (argc < 3 || (strcmp(argv[1], "libxl") && strcmp(argv[1], "xend"))) {
        fprintf(stderr, "usage: %s libxl 'host,KEY=VALUE,...' | xend 'leaf[,subleaf]:eXx=...' ...\n", argv[0]);
        return 2;
    }

    if (!strcmp(argv[1], "libxl")) {
        /* xl_parse.c: the string is split on ','; the first word must be "host", the rest go to libxl. */
        char *copy = strdup(argv[2]), *save = NULL, *tok;
        int first = 1;
        for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            if (first) {
                first = 0;
                if (strcmp(tok, "host")) {
                    fprintf(stderr, "first word must be \"host\", not `%s`\n", tok);
                    return 3;
                }
                continue;
            }
            rc = libxl_cpuid_parse_config(&list, tok);
            if (rc)
                return fail(tok, rc);
        }
        free(copy);
    } else {
        for (i = 2; i < argc; i++) {
            rc = libxl_cpuid_parse_config_xend(&list, argv[i]);
            if (rc)
                return fail(argv[i], rc);
        }
    }

    yajl_gen gen = yajl_gen_alloc(NULL);
    if (libxl_cpuid_policy_list_gen_json(gen, &list) != yajl_gen_status_ok) {
        fprintf(stderr, "libxl could not render the policy as JSON\n");
        return 4;
    }
    const unsigned char *buf;
    size_t len;
    yajl_gen_get_buf(gen, &buf, &len);
    fwrite(buf, 1, len, stdout);
    putchar('\n');
    yajl_gen_free(gen);
    libxl_cpuid_dispose(&list);
    return 0;
}
