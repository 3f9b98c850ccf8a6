/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the policy file parser (aq/policy.h). The text is parsed on
 * top of the defaults; a failed parse must leave the policy unchanged (the
 * header's promise), and a successful one must be idempotent: parsing the
 * same text again on a fresh default gives an equal policy.
 */
#include <string.h>

#include "aq/policy.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    aq_error err = AQ_ERROR_INIT;
    aq_policy p, q, def;
    aq_status rc;

    aq_policy_init(&def);
    aq_policy_init(&p);
    rc = aq_policy_parse(&p, (const char *)data, size, "<fuzz>", &err);
    if (rc < 0) {
        if (rc != AQ_EPARSE && rc != AQ_ENOMEM && rc != AQ_EPOLICY &&
            rc != AQ_EINVALID)
            __builtin_trap();
        if (memcmp(&p, &def, sizeof p))
            __builtin_trap(); /* "on failure it is left unchanged" */
        (void)strlen(err.message);
        return 0;
    }
    aq_policy_init(&q);
    if (aq_policy_parse(&q, (const char *)data, size, "<fuzz>", &err) < 0 ||
        memcmp(&p, &q, sizeof p))
        __builtin_trap();
    (void)aq_policy_fund_allowed(&p, "air");
    (void)aq_rank_by_name(p.rank_by);
    (void)aq_insufficient_mode_name(p.insufficient_data);
    (void)aq_rise_window_name(p.rise_count_window);
    (void)aq_interview_run_name(p.interview_run);
    return 0;
}
