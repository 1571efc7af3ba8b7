/* clock: the system's "now". Normally the machine's clock; XUANGUAN_NOW sets the instant the
 * clock starts from, so lights and reminders can be tried across months (tests, training). */
#ifndef XG_CLOCK_H
#define XG_CLOCK_H

#include <stddef.h>
#include <stdint.h>

/*
 * Start the clock at the instant in text ("2023-03-01T09:00:00+08:00", "…Z", or a date
 * "2023-03-01", midnight in China); NULL or "" keeps the machine's clock. From then on the
 * clock runs at the machine's pace. Returns 0, or -1 with a message in err.
 */
int clock_start(const char *text, char *err, size_t errlen);

/* Unix time now, by the clock. */
int64_t clock_now(void);

#endif
