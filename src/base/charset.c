/* charset: iconv, wrapped once so callers never see its in/out pointer dance. */
#include "base/charset.h"

#include <errno.h>
#include <iconv.h>

int
charset_to_utf8(const char *charset, const void *data, size_t len, struct buf *out)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	char chunk[16384];
	char *in = (char *)data;
	size_t left = len;
	int rc = -1;

	if (cd == (iconv_t)-1)
		return -1;
	while (left > 0) {
		char *o = chunk;
		size_t room = sizeof(chunk);
		size_t r = iconv(cd, &in, &left, &o, &room);

		buf_append(out, chunk, sizeof(chunk) - room);
		if (r == (size_t)-1 && errno != E2BIG)
			goto done;
	}
	rc = out->err ? -1 : 0;
done:
	iconv_close(cd);
	return rc;
}
