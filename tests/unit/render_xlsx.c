/* SPDX-License-Identifier: MIT */
/*
 * aq_render_xlsx() (aq/render.h, issue 21): its refusals and the file it
 * leaves. What the sheets hold is checked cell by cell by an independent
 * reader (openpyxl) in tests/suites/xlsx.sh; here, that a workbook is a
 * complete file under its name or nothing at all, and that every bad
 * argument is refused with its status.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "aq/render.h"
#include "harness.h"

/* a ranking document with one ranked unit, one not ranked, a sanction */
static const char doc[] =
    "{\"period\":\"2024-05\",\"kind\":\"month\",\"currency_unit\":\"万元\","
    "\"units\":[{\"unit\":\"冀州区\",\"unit_en\":\"Jizhou\",\"rank\":1,"
    "\"positions\":[1,1],\"sufficient\":true,\"composite_index\":4.675,"
    "\"amount\":100.0,\"primary_pollutant\":[\"pm25\"]},"
    "{\"unit\":\"桃城区\",\"unit_en\":\"Taocheng\",\"rank\":null,"
    "\"sufficient\":false,\"composite_index\":null,\"amount\":0.0}],"
    "\"sanctions\":[{\"unit\":\"冀州区\",\"period\":\"2024-05\",\"id\":\"S1\","
    "\"name_zh\":\"预警提示\",\"name_en\":\"warning\",\"evidence\":[]}],"
    "\"unranked\":[{\"unit\":\"桃城区\",\"reason\":\"insufficient data\"}]}";

static void path_of(char *dst, size_t cap, const char *name)
{
    snprintf(dst, cap, "%s/%s", aqt_tmp_dir(), name);
}

/* 1 when the file starts as a zip archive (an .xlsx is one) */
static int is_zip(const char *path)
{
    unsigned char head[4] = {0};
    FILE *f = fopen(path, "rb");
    size_t n;

    if (!f)
        return 0;
    n = fread(head, 1, 4, f);
    fclose(f);
    return n == 4 && !memcmp(head, "PK\3\4", 4);
}

void test_render_xlsx__writes_a_whole_workbook(void)
{
    aq_render_options ro = AQ_RENDER_OPTIONS_INIT;
    aq_error err = AQ_ERROR_INIT;
    char path[512], part[600];
    aq_status rc;

    path_of(path, sizeof path, "unit.xlsx");
    snprintf(part, sizeof part, "%s.%ld.part", path, (long)getpid());
    rc = aq_render_xlsx("rank", doc, &ro, path, &err);
    /* under the allocation-failure sweep: refused, and nothing left */
    if (rc == AQ_ENOMEM) {
        EXPECT(access(path, F_OK) != 0);
        EXPECT(access(part, F_OK) != 0);
        return;
    }
    CHECK_OK(rc);
    EXPECT(is_zip(path));
    EXPECT(access(part, F_OK) != 0);
    ro.lang = "en";
    CHECK_OK(aq_render_xlsx("rank", doc, &ro, path, &err));
    EXPECT(is_zip(path));
    unlink(path);
}

void test_render_xlsx__refusals(void)
{
    aq_render_options ro = AQ_RENDER_OPTIONS_INIT;
    aq_error err = AQ_ERROR_INIT;
    char path[512];

    path_of(path, sizeof path, "refused.xlsx");
    EXPECT_EQ_INT(AQ_EINVALID,
                  aq_render_xlsx("nosuch", doc, NULL, path, &err));
    EXPECT_EQ_INT(AQ_EINVALID, aq_render_xlsx(NULL, doc, NULL, path, &err));
    EXPECT_EQ_INT(AQ_EINVALID, aq_render_xlsx("rank", doc, NULL, "", &err));
    ro.lang = "fr";
    EXPECT_EQ_INT(AQ_EINVALID, aq_render_xlsx("rank", doc, &ro, path, &err));
    ro.lang = "zh";
    ro.version = 99;
    EXPECT_EQ_INT(AQ_EINVALID, aq_render_xlsx("rank", doc, &ro, path, &err));
    /* not JSON: the line and column of the fault */
    EXPECT_EQ_INT(AQ_EPARSE,
                  aq_render_xlsx("rank", "{\n \"period\": }", NULL, path,
                                 &err));
    EXPECT_EQ_INT(2, err.line);
    /* JSON, but not the document named */
    EXPECT_EQ_INT(AQ_EPARSE,
                  aq_render_xlsx("rank", "{\"units\":[]}", NULL, path, &err));
    EXPECT_EQ_INT(AQ_EPARSE,
                  aq_render_xlsx("funds", "[1,2]", NULL, path, &err));
    /* the daily documents (issue 16): a ranking is neither */
    EXPECT_EQ_INT(AQ_EPARSE, aq_render_xlsx("track", doc, NULL, path, &err));
    EXPECT_EQ_INT(AQ_EPARSE, aq_render_xlsx("plan", doc, NULL, path, &err));
    EXPECT(access(path, F_OK) != 0);
}

void test_render_xlsx__unwritable_leaves_nothing(void)
{
    aq_error err = AQ_ERROR_INIT;
    char path[512];

    path_of(path, sizeof path, "no/such/folder/b.xlsx");
    EXPECT_EQ_INT(AQ_EIO, aq_render_xlsx("rank", doc, NULL, path, &err));
    EXPECT(strstr(err.message, "no/such/folder/b.xlsx") != NULL);
}
