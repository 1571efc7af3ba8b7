/* api_directive: a document uploaded as it is (.txt, .docx, PDF, GBK or UTF-16 text) read into its
 * parts by the directive reader; nothing is stored. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "base/log.h"
#include "directive/directive.h"
#include "directive/input.h"

/* The refusal of a too large document names these limits. */
_Static_assert(DIRECTIVE_MAX_INPUT == (size_t)64 << 20 && DIRECTIVE_MAX_NODES == 200000,
	       "refusal_text names the reader's limits: update it with them");

/* What to tell a person whose file the reader refused (the reader's own text is for operators). */
static const char *
refusal_text(enum directive_rc rc)
{
	switch (rc) {
	case DIRECTIVE_EUTF8:
		return "文件不是可识别的文本（应为 UTF-8、GBK 或 UTF-16 编码）";
	case DIRECTIVE_ENOTDOC:
		return "文件中没有可读的中文公文内容";
	case DIRECTIVE_EDOCX:
		return "无法打开该 Word 文件（.docx），请确认文件完整";
	case DIRECTIVE_ETOOBIG:
		return "文件过大或标题过多（一份公文最多 64 MiB、20 万个标题和表格行）";
	case DIRECTIVE_EPDF:
		return "该 PDF 没有可提取的文字（可能是扫描件），请上传文字版或 Word 文件";
	case DIRECTIVE_EOLE:
		return "暂不直接读取 .doc/.wps 文件，请用 Word 或 WPS 另存为 .docx 后上传";
	default:
		return "无法读取该文件";
	}
}

/* The upload's bytes in memory (the reader needs them whole); NULL when it cannot be read. */
static char *
read_upload(struct req *r)
{
	char *data = malloc(r->upload_size + 1);
	uint64_t got = 0;

	while (data != NULL && got < r->upload_size) {
		ssize_t n = pread(r->upload_fd, data + got, r->upload_size - got, (off_t)got);
		if (n <= 0) {
			log_error("cannot read back an upload: %s",
				  n < 0 ? strerror(errno) : "short");
			free(data);
			return NULL;
		}
		got += (uint64_t)n;
	}
	return data;
}

void
api_directive_parse(struct req *r)
{
	struct directive *d = NULL;
	struct directive_error derr;
	struct xg_error err;
	struct buf out;
	char *data;
	enum directive_rc rc;

	if (r->upload_fd < 0 || r->upload_size == 0) {
		xg_fail(&err, XG_INVALID, "empty_body", NULL, "请上传公文文件（请求体为文件内容）");
		api_error(r, &err);
		return;
	}
	data = read_upload(r);
	if (data == NULL) {
		xg_fail(&err, XG_INTERNAL, "internal", NULL, "系统内部错误");
		api_error(r, &err);
		return;
	}
	rc = directive_parse_input(data, (size_t)r->upload_size, param_str(&r->query, F_NAME), &d,
				   &derr);
	free(data);
	if (rc != DIRECTIVE_OK) {
		xg_fail(&err, rc == DIRECTIVE_ENOMEM ? XG_INTERNAL : XG_INVALID,
			"unreadable_document", NULL, "%s", refusal_text(rc));
		api_error(r, &err);
		return;
	}
	buf_init(&out);
	if (directive_json(d, 0, &out) == DIRECTIVE_OK && !out.err)
		http_reply(r, 200, "application/json; charset=utf-8", out.data, out.len);
	else {
		xg_fail(&err, XG_INTERNAL, "internal", NULL, "系统内部错误");
		api_error(r, &err);
	}
	buf_free(&out);
	directive_free(d);
}
