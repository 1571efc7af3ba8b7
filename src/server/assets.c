/* assets: the pages' static files, built in or read from a directory once at start-up. */
#include "server/assets.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "server/app.h"
#include "server/route.h"

static const char *
type_of(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
	    {".css", "text/css; charset=utf-8"},
	    {".js", "text/javascript; charset=utf-8"},
	    {".svg", "image/svg+xml"},
	    {".png", "image/png"},
	    {".ico", "image/x-icon"},
	};
	const char *dot = strrchr(name, '.');
	size_t i;

	for (i = 0; dot != NULL && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

static int
push(struct assets *set, size_t *cap, struct asset as)
{
	if (set->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct asset *v = realloc(set->v, ncap * sizeof(*v));
		if (v == NULL)
			return -1;
		set->v = v;
		*cap = ncap;
	}
	as.content_type = type_of(as.name);
	set->v[set->n++] = as;
	return 0;
}

static int
read_file(const char *path, struct asset *as)
{
	FILE *f = fopen(path, "rb");
	long size;
	char *data;

	if (f == NULL)
		return -1;
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return -1;
	}
	data = malloc((size_t)size + 1);
	if (data == NULL || fread(data, 1, (size_t)size, f) != (size_t)size) {
		free(data);
		fclose(f);
		return -1;
	}
	fclose(f);
	as->data = data;
	as->len = (size_t)size;
	return 0;
}

static int
load_dir(struct assets *set, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t cap = 0;

	if (d == NULL) {
		fprintf(stderr, "xuanguan: cannot open the static directory %s: %s\n", dir,
			strerror(errno));
		return -1;
	}
	set->owned = 1;
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct asset as = {0};
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		as.name = strdup(e->d_name);
		if (as.name == NULL || read_file(path, &as) != 0 || push(set, &cap, as) != 0) {
			fprintf(stderr, "xuanguan: cannot read %s\n", path);
			free((char *)as.name);
			free((char *)as.data);
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	return 0;
}

int
assets_load(struct assets *set, const char *dir)
{
	size_t cap = 0, i;

	memset(set, 0, sizeof(*set));
	if (dir != NULL)
		return load_dir(set, dir);
	for (i = 0; assets_builtin[i].name != NULL; i++)
		if (push(set, &cap, assets_builtin[i]) != 0)
			return -1;
	return 0;
}

void
assets_free(struct assets *set)
{
	size_t i;

	for (i = 0; set->owned && i < set->n; i++) {
		free((char *)set->v[i].name);
		free((char *)set->v[i].data);
	}
	free(set->v);
	memset(set, 0, sizeof(*set));
}

const struct asset *
assets_find(const struct assets *set, const char *name)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->v[i].name, name) == 0)
			return &set->v[i];
	return NULL;
}

void
assets_serve(struct req *r)
{
	const char *name = r->path + strlen("/static/");
	const struct asset *as = assets_find(&r->app->assets, name);
	struct xg_error err;

	if (as == NULL) {
		xg_fail(&err, XG_NOTFOUND, "not_found", NULL, "文件不存在");
		route_error(r, &err);
		return;
	}
	http_reply(r, 200, as->content_type, as->data, as->len);
	r->cacheable = true;
}
