/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xtcp: differences between the kernels xtcp builds against (6.1, 6.12),
 * in one place, so the protocol code never tests LINUX_VERSION_CODE.
 */
#ifndef _XTCP_COMPAT_H
#define _XTCP_COMPAT_H

#include <linux/export.h>
#include <linux/kconfig.h>

/*
 * XTCP_KUNIT_EXPORT() - make a function visible to kunit/ (xtcp_kunit.ko,
 * which imports the XTCP_KUNIT namespace) when the kernel has KUnit, and to
 * nobody otherwise. EXPORT_SYMBOL_IF_KUNIT() does this from 6.2 on.
 */
#if IS_ENABLED(CONFIG_KUNIT)
#define XTCP_KUNIT_EXPORT(sym)	EXPORT_SYMBOL_NS_GPL(sym, XTCP_KUNIT)
#else
#define XTCP_KUNIT_EXPORT(sym)
#endif

#endif /* _XTCP_COMPAT_H */
