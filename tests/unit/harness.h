/* SPDX-License-Identifier: MIT */
/*
 * The unit-test harness: tests are `void test_<module>__<case>(void)`
 * functions in tests/unit/<module>.c, found by scripts/gen-test-list.sh (a
 * grep), so none can be left unregistered. EXPECT_* record a failure and go
 * on; CHECK_* record it and return from the test.
 */
#ifndef AQ_TEST_HARNESS_H
#define AQ_TEST_HARNESS_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

void aqt_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Directory of test fixtures (tests/data), from AQ_TEST_DATA or the
 * default relative path. */
const char *aqt_data_dir(void);
/* A fresh scratch directory for this test run (removed by the runner). */
const char *aqt_tmp_dir(void);

#define EXPECT(cond)                                                           \
    do {                                                                       \
        if (!(cond))                                                           \
            aqt_fail(__FILE__, __LINE__, "expected: %s", #cond);               \
    } while (0)

#define EXPECT_EQ_INT(want, got)                                               \
    do {                                                                       \
        long long w_ = (long long)(want), g_ = (long long)(got);               \
        if (w_ != g_)                                                          \
            aqt_fail(__FILE__, __LINE__, "%s: want %lld, got %lld", #got, w_,  \
                     g_);                                                      \
    } while (0)

#define EXPECT_EQ_STR(want, got)                                               \
    do {                                                                       \
        const char *w_ = (want), *g_ = (got);                                  \
        if (!w_ || !g_ || strcmp(w_, g_) != 0)                                 \
            aqt_fail(__FILE__, __LINE__, "%s: want \"%s\", got \"%s\"", #got,  \
                     w_ ? w_ : "(null)", g_ ? g_ : "(null)");                  \
    } while (0)

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond)) {                                                         \
            aqt_fail(__FILE__, __LINE__, "required: %s", #cond);               \
            return;                                                            \
        }                                                                      \
    } while (0)

#define CHECK_OK(expr)                                                         \
    do {                                                                       \
        int rc_ = (int)(expr);                                                 \
        if (rc_ != 0) {                                                        \
            aqt_fail(__FILE__, __LINE__, "%s returned %d", #expr, rc_);        \
            return;                                                            \
        }                                                                      \
    } while (0)

/* like CHECK_OK, but to the test's cleanup label `done`, so that a failing
 * call (an injected allocation failure, alloc_faults.sh) does not leak
 * what the test holds */
#define TRY(expr)                                                              \
    do {                                                                       \
        int rc_ = (int)(expr);                                                 \
        if (rc_ != 0) {                                                        \
            aqt_fail(__FILE__, __LINE__, "%s returned %d", #expr, rc_);        \
            goto done;                                                         \
        }                                                                      \
    } while (0)

#endif /* AQ_TEST_HARNESS_H */
