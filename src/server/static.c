/* page_static: the files of web/static, loaded into memory at start-up and served from there. */
#include "page/page.h"

#include <string.h>

#include "server/app.h"

void
page_static(struct req *r)
{
	const char *name = r->path + strlen("/static/");
	const struct asset *as = app_asset(r->app, name);

	if (as == NULL) {
		struct xg_error err;
		xg_fail(&err, XG_NOTFOUND, "not_found", NULL, "文件不存在");
		page_error(r, &err);
		return;
	}
	http_reply(r, 200, as->content_type, as->data, as->len);
	r->cacheable = true;
}
