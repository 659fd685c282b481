// SBI (RISC-V Supervisor Binary Interface spec v1.0) numbers the firmware serves.
#ifndef XV32_SBI_H
#define XV32_SBI_H

// Extension ids (a7).
#define SBI_EXT_LEGACY_SET_TIMER 0x00
#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_LEGACY_GETCHAR 0x02
#define SBI_EXT_LEGACY_SHUTDOWN 0x08
#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494d45   /* "TIME" */
#define SBI_EXT_SRST 0x53525354   /* "SRST" */

// Base extension functions (a6).
#define SBI_BASE_GET_SPEC_VERSION 0
#define SBI_BASE_GET_IMPL_ID 1
#define SBI_BASE_GET_IMPL_VERSION 2
#define SBI_BASE_PROBE_EXTENSION 3
#define SBI_BASE_GET_MVENDORID 4
#define SBI_BASE_GET_MARCHID 5
#define SBI_BASE_GET_MIMPID 6

#define SBI_SRST_TYPE_SHUTDOWN 0
#define SBI_SRST_TYPE_COLD_REBOOT 1
#define SBI_SRST_TYPE_WARM_REBOOT 2
#define SBI_SRST_REASON_NONE 0

#define SBI_SUCCESS 0
#define SBI_ERR_NOT_SUPPORTED (-2)
#define SBI_ERR_INVALID_PARAM (-3)

#define SBI_SPEC_VERSION_1_0 0x01000000
/* Implementation id for xv32's firmware (ids 0-9 are taken by known implementations). */
#define SBI_IMPL_ID_XV32 0x7832
#endif
