/* SPDX-License-Identifier: MIT */
/*
 * AQ_CLONES("avx2", "default"): a function compiled once per CPU named,
 * the version for the CPU it runs on chosen once, at load time, by an
 * ifunc resolver (GCC's and Clang's target_clones). For the few hot
 * functions whose instructions differ much between x86-64's baseline and
 * newer CPUs. Nothing on other architectures; one version, the
 * baseline's, under ThreadSanitizer (whose runtime is not up when
 * resolvers run) and with -DAQ_CLONES_OFF (the ASan+UBSan build, so that
 * the tests run the versions this CPU does not choose too).
 */
#ifndef AQ_UTIL_CLONES_H
#define AQ_UTIL_CLONES_H

#ifndef AQ_CLONES_OFF
#if defined(__SANITIZE_THREAD__)
#define AQ_CLONES_OFF
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define AQ_CLONES_OFF
#endif
#endif
#endif

#if defined(__x86_64__) && !defined(AQ_CLONES_OFF)
/* (a cloned function is never inlined: its callers go through the
 * resolver's choice) */
#define AQ_HAVE_CLONES 1
#define AQ_CLONES(...) __attribute__((target_clones(__VA_ARGS__)))
#else
#define AQ_CLONES(...)
#endif

#endif /* AQ_UTIL_CLONES_H */
