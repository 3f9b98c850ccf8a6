/* SPDX-License-Identifier: MIT */
/*
 * Renders any ranking document (a fixture of tests/data/render/, say) as a
 * workbook and as the Markdown bulletin, through the public API, for
 * tests/suites/xlsx.sh to check the workbook with openpyxl on documents
 * the demo's data do not give (ties sharing positions, a quarter's S6):
 *
 *     xlsx_of DOC.json zh|en OUT.xlsx > OUT.md
 */
#include <stdio.h>
#include <stdlib.h>

#include <aq/render.h>
#include <aq/store.h>

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
        fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) &&
        fread(buf, 1, (size_t)n, f) == (size_t)n)
        buf[n] = '\0';
    else {
        free(buf);
        buf = NULL;
    }
    if (f)
        fclose(f);
    return buf;
}

int main(int argc, char **argv)
{
    aq_render_options ro = AQ_RENDER_OPTIONS_INIT;
    aq_error err = AQ_ERROR_INIT;
    char *json, *md = NULL, msg[512];
    int code = 1;

    if (argc != 4) {
        fprintf(stderr, "usage: xlsx_of DOC.json zh|en OUT.xlsx\n");
        return 2;
    }
    if (!(json = slurp(argv[1]))) {
        perror(argv[1]);
        return 1;
    }
    ro.lang = argv[2];
    if (aq_render_xlsx("rank", json, &ro, argv[3], &err) == AQ_OK &&
        aq_render_markdown(json, &ro, &md, &err) == AQ_OK) {
        fputs(md, stdout);
        code = 0;
    } else {
        fprintf(stderr, "xlsx_of: %s\n",
                aq_error_format(&err, msg, sizeof msg));
    }
    aq_free(md);
    free(json);
    return code;
}
