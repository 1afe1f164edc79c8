/*
 * libxl_cpuid_dump: print what the real libxenlight makes of xl.cfg `cpuid=` strings. Our own test oracle.
 *
 * Usage:   libxl_cpuid_dump [-x] CONFIG...
 *
 *   Each CONFIG is parsed into a fresh, empty policy list and printed as ONE line on stdout, in argument order.
 *   libxl form (default): CONFIG is the xl.cfg string "host,<key>=<value>,...". It is split on ',' and a
 *     leading "host" token is skipped (as xl does); every other token goes to libxl_cpuid_parse_config().
 *   xend form (-x): CONFIG is one list item "leaf[,subleaf]:eXx=<32 chars>[,eXx=...]" and goes whole to
 *     libxl_cpuid_parse_config_xend().
 *
 *   Output line: the compact JSON of libxl_cpuid_policy_list_gen_json(), e.g. (libxl 4.17.2+)
 *     {"cpuid":[{"leaf":1,"ecx":"xxx0xxxxxxxxxxxxxxxxxxxxxxxxxxxx"}],"msr":[{"index":266,"policy":"<64 chars>"}]}
 *   (register strings are bit 31 first, MSR policies bit 63 first; "subleaf" only when the leaf has one), or
 *     {"error":<code>,"token":"<token>"}
 *   when libxl rejects a token (libxl form: 1 no '=', 2 unknown name, 3 bad value; xend form: 1 bad leaf,
 *   2 bad subleaf, 3 missing ':', 4 bad register, 5 not 32 chars). Parsing stops at the first bad token.
 *
 *   Exit status: 0 if every CONFIG parsed, 1 if any did not, 2 on a usage or library error.
 *
 * Build:   gcc -O2 -Wall -o libxl_cpuid_dump libxl_cpuid_dump.c -lxenlight -lyajl
 *          (Debian 12: libxen-dev libyajl-dev). Needs no hypervisor and no libxl context.
 */
#define HAVE_YAJL_YAJL_VERSION_H 1 /* libxl_json.h falls back to the yajl 1 API without it */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxl.h>
#include <libxl_json.h>

static void print_error(int code, const char *token)
{
    const char *c;

    printf("{\"error\":%d,\"token\":\"", code);
    for (c = token; *c; c++) {
        if (*c == '"' || *c == '\\')
            putchar('\\');
        putchar(*c);
    }
    printf("\"}\n");
}

static int print_policy(libxl_cpuid_policy_list *list)
{
    yajl_gen gen = yajl_gen_alloc(NULL);
    const unsigned char *buf;
    size_t len;

    if (!gen)
        return -1;
    if (libxl_cpuid_policy_list_gen_json(gen, list) != yajl_gen_status_ok ||
        yajl_gen_get_buf(gen, &buf, &len) != yajl_gen_status_ok) {
        yajl_gen_free(gen);
        return -1;
    }
    fwrite(buf, 1, len, stdout);
    putchar('\n');
    yajl_gen_free(gen);
    return 0;
}

/* Returns 0 when parsed, 1 when libxl rejected a token (already printed). */
static int parse_libxl_form(libxl_cpuid_policy_list *list, const char *config)
{
    char *copy = strdup(config), *token, *save = NULL;
    int first = 1, rc = 0;

    if (!copy)
        return -1;
    for (token = strtok_r(copy, ",", &save); token; token = strtok_r(NULL, ",", &save), first = 0) {
        if (first && strcmp(token, "host") == 0)
            continue;
        rc = libxl_cpuid_parse_config(list, token);
        if (rc) {
            print_error(rc, token);
            rc = 1;
            break;
        }
    }
    free(copy);
    return rc;
}

int main(int argc, char **argv)
{
    int xend = 0, failed = 0, i;

    if (argc > 1 && strcmp(argv[1], "-x") == 0) {
        xend = 1;
        argv++;
        argc--;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: libxl_cpuid_dump [-x] CONFIG...\n");
        return 2;
    }

    for (i = 1; i < argc; i++) {
        libxl_cpuid_policy_list list = NULL;
        int rc;

        if (xend) {
            rc = libxl_cpuid_parse_config_xend(&list, argv[i]);
            if (rc) {
                print_error(rc, argv[i]);
                rc = 1;
            }
        } else {
            rc = parse_libxl_form(&list, argv[i]);
        }

        if (rc < 0 || (rc == 0 && print_policy(&list) < 0)) {
            fprintf(stderr, "libxl_cpuid_dump: out of memory or JSON error on `%s`\n", argv[i]);
            libxl_cpuid_dispose(&list);
            return 2;
        }
        failed |= rc;
        fflush(stdout);
        libxl_cpuid_dispose(&list);
    }
    return failed ? 1 : 0;
}
