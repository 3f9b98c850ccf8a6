/* SPDX-License-Identifier: MIT */
/**
 * @file aq/version.h
 * @brief The version of libaqrank's public API, and what of it is stable.
 *
 * AQ_VERSION is the version of the headers a program was compiled with;
 * aq_version() (aq/common.h) is the version of the library it runs with.
 * A program can compare the two, or test AQ_VERSION_NUMBER at compile time.
 *
 * What is stable. Within one MAJOR.MINOR (while MAJOR is 0; within one
 * MAJOR from 1.0 on), so that a program built against an older release of
 * that series runs with a newer one:
 *  - every function declared in include/aq/ keeps its name, parameters and
 *    meaning, and the documented status codes (the values of aq_status
 *    never change);
 *  - the JSON documents of aq/api.h and aq/fund.h keep their members and
 *    their meaning; members may be added, and readers must ignore members
 *    they do not know;
 *  - option structs that carry a `version` member (aq_render_options,
 *    ...) and their *_INIT macros keep their layout; new members are added
 *    at the end under a new version number, and the old number is still
 *    accepted;
 *  - the renderings' column lists (docs/internals/RENDER.md) keep their
 *    order; columns and sheets may be added at the end.
 * Not stable: the layout of structs without a version member that the
 * headers show for reading (results such as aq_unit_month, aq_stat), which
 * may grow in a MINOR release (the soname changes with it while MAJOR is
 * 0: libaqrank.so.MAJOR.MINOR); anything not in include/aq/ (src/lib, the
 * aq_*__ internals, which the shared library does not export); the exact
 * wording of error messages and of the sentences in documents.
 */
#ifndef AQ_VERSION_H
#define AQ_VERSION_H

#define AQ_VERSION_MAJOR 0
#define AQ_VERSION_MINOR 1
#define AQ_VERSION_PATCH 0
/** "MAJOR.MINOR.PATCH" of these headers */
#define AQ_VERSION "0.1.0"
/** MAJOR * 10000 + MINOR * 100 + PATCH, for #if */
#define AQ_VERSION_NUMBER                                                      \
    (AQ_VERSION_MAJOR * 10000 + AQ_VERSION_MINOR * 100 + AQ_VERSION_PATCH)

#endif /* AQ_VERSION_H */
