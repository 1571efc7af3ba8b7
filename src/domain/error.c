/* xg_error: building domain errors. */
#include "domain/error.h"

#include <stdarg.h>
#include <stdio.h>

#include "base/day.h"
#include "base/log.h"
#include "base/name.h"

enum xg_rc
xg_fail(struct xg_error *err, enum xg_rc rc, const char *code, const char *field, const char *fmt,
	...)
{
	va_list ap;

	if (err == NULL)
		return rc;
	err->rc = rc;
	err->code = code;
	err->field = field;
	err->retry_after = 0;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return rc;
}

enum xg_rc
xg_from_db(struct xg_error *err, enum db_rc rc, struct db *db, const char *what)
{
	switch (rc) {
	case DB_OK:
		return XG_OK;
	case DB_NOTFOUND:
		return xg_fail(err, XG_NOTFOUND, "not_found", NULL, "%s不存在", what);
	case DB_CONFLICT:
		return xg_fail(err, XG_CONFLICT, "conflict", NULL, "%s与已有数据冲突", what);
	case DB_BUSY:
		log_warn("storage busy on %s: %s", what, db ? db_error(db) : "");
		return xg_fail(err, XG_BUSY, "busy", NULL, "系统繁忙，请稍后重试");
	case DB_TOONEW:
	case DB_ERR:
		break;
	}
	log_error("storage error on %s: %s", what, db ? db_error(db) : "");
	return xg_fail(err, XG_INTERNAL, "internal", NULL, "系统内部错误，请稍后重试或联系管理员");
}

enum xg_rc
xg_check_day(const char *s, const char *field, struct xg_error *err)
{
	int64_t d;

	if (s == NULL || day_parse(s, &d) != 0)
		return xg_fail(err, XG_INVALID, "invalid_date", field,
			       "日期格式应为 YYYY-MM-DD，且是真实的日期");
	return XG_OK;
}

enum xg_rc
xg_check_name(const char *s, const char *field, const char *label, size_t max, struct xg_error *err)
{
	enum name_fault f = name_check(str_slice(s), max);

	switch (f) {
	case NAME_OK:
		return XG_OK;
	case NAME_EMPTY:
		return xg_fail(err, XG_INVALID, "required", field, "请填写%s", label);
	case NAME_BAD_UTF8:
		return xg_fail(err, XG_INVALID, "invalid_utf8", field, "%s%s", label,
			       name_fault_text(f));
	case NAME_TOO_LONG:
		return xg_fail(err, XG_INVALID, "too_long", field, "%s不能超过 %zu 个字", label,
			       max);
	default:
		return xg_fail(err, XG_INVALID, "invalid_text", field, "%s%s", label,
			       name_fault_text(f));
	}
}

enum xg_rc
xg_tx_begin(struct db *db, struct xg_error *err)
{
	return xg_from_db(err, db_begin(db), db, "事务");
}

enum xg_rc
xg_tx_end(struct db *db, enum xg_rc rc, struct xg_error *err)
{
	if (rc != XG_OK) {
		db_rollback(db);
		return rc;
	}
	rc = xg_from_db(err, db_commit(db), db, "事务");
	if (rc != XG_OK)
		db_rollback(db);
	return rc;
}
