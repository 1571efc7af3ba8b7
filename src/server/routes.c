/* routes: the route table of xuanguan — every URL, its permission and the fields it accepts. */
#include <stddef.h>
#include <stdint.h>

#include "api/api.h"
#include "domain/org.h"
#include "page/page.h"
#include "domain/role.h"
#include "server/route.h"

#define ID_MAX INT64_MAX

/* Query strings */
static const struct field q_none[] = {FIELDS_END};
static const struct field q_page[] = {
    {"limit", FT_INT, false, 0, 1, 100, false, false},
    {"offset", FT_INT, false, 0, 0, ID_MAX, false, false},
    FIELDS_END,
};
static const struct field q_org_search[] = {
    {"q", FT_STRING, false, 100, 0, 0, false, false},
    {"limit", FT_INT, false, 0, 1, 100, false, false},
    {"offset", FT_INT, false, 0, 0, ID_MAX, false, false},
    FIELDS_END,
};
static const struct field q_users[] = {
    {"org_id", FT_INT, false, 0, 1, ID_MAX, false, false},
    {"q", FT_STRING, false, 100, 0, 0, false, false},
    {"limit", FT_INT, false, 0, 1, 100, false, false},
    {"offset", FT_INT, false, 0, 0, ID_MAX, false, false},
    FIELDS_END,
};
static const struct field q_audit[] = {
    {"actor", FT_STRING, false, 64, 0, 0, false, false},
    {"action", FT_STRING, false, 64, 0, 0, false, false},
    {"object_type", FT_STRING, false, 32, 0, 0, false, false},
    {"object_id", FT_STRING, false, 32, 0, 0, false, false},
    {"from", FT_STRING, false, 10, 0, 0, false, false}, /* YYYY-MM-DD, China time */
    {"to", FT_STRING, false, 10, 0, 0, false, false},	/* YYYY-MM-DD, inclusive */
    {"limit", FT_INT, false, 0, 1, 100, false, false},
    {"offset", FT_INT, false, 0, 0, ID_MAX, false, false},
    FIELDS_END,
};
static const struct field q_user_new[] = {
    {"org_id", FT_INT, false, 0, 1, ID_MAX, false, false},
    FIELDS_END,
};
static const struct field q_next[] = {
    {"next", FT_STRING, false, 200, 0, 0, false, false},
    FIELDS_END,
};

/* Pages: done names the fixed confirmation to show after a save (never echoed). */
static const struct field q_done[] = {
    {"done", FT_STRING, false, 16, 0, 0, false, false},
    FIELDS_END,
};
static const struct field q_org_view[] = {
    {"limit", FT_INT, false, 0, 1, 100, false, false},
    {"offset", FT_INT, false, 0, 0, ID_MAX, false, false},
    {"done", FT_STRING, false, 16, 0, 0, false, false},
    FIELDS_END,
};

/* Bodies */
static const struct field b_none[] = {FIELDS_END};
static const struct field b_login[] = {
    {"username", FT_STRING, true, 64, 0, 0, false, false},
    {"password", FT_STRING, true, 128, 0, 0, false, false},
    FIELDS_END,
};
static const struct field b_login_form[] = {
    {"username", FT_STRING, true, 64, 0, 0, false, false},
    {"password", FT_STRING, true, 128, 0, 0, false, false},
    {"next", FT_STRING, false, 200, 0, 0, false, false},
    FIELDS_END,
};
static const struct field b_org_create[] = {
    {"parent_id", FT_INT, true, 0, 1, ID_MAX, false, false},
    {"code", FT_STRING, true, 32, 0, 0, false, false},
    {"name", FT_STRING, true, 100, 0, 0, false, false},
    {"kind", FT_STRING, true, 32, 0, 0, false, false},
    {"members", FT_INT, false, 0, 0, ORG_MEMBERS_MAX, false, false},
    FIELDS_END,
};
static const struct field b_org_update[] = {
    {"parent_id", FT_INT, false, 0, 1, ID_MAX, false, false},
    {"code", FT_STRING, false, 32, 0, 0, false, false},
    {"name", FT_STRING, false, 100, 0, 0, false, false},
    {"kind", FT_STRING, false, 32, 0, 0, false, false},
    {"members", FT_INT, false, 0, 0, ORG_MEMBERS_MAX, false, false},
    {"closed", FT_BOOL, false, 0, 0, 0, false, false},
    FIELDS_END,
};
/* The page form that edits a unit: confirm is the second step of closing one. */
static const struct field b_org_edit_form[] = {
    {"parent_id", FT_INT, false, 0, 1, ID_MAX, false, false},
    {"code", FT_STRING, false, 32, 0, 0, false, false},
    {"name", FT_STRING, false, 100, 0, 0, false, false},
    {"kind", FT_STRING, false, 32, 0, 0, false, false},
    {"members", FT_STRING, false, 12, 0, 0, false,
     false}, /* checked by the page: an empty box is 0 */
    {"closed", FT_BOOL, false, 0, 0, 0, false, false},
    {"confirm", FT_BOOL, false, 0, 0, 0, false, false},
    FIELDS_END,
};
/* The page form for a new child unit: the parent comes from the URL. */
static const struct field b_org_new_form[] = {
    {"code", FT_STRING, true, 32, 0, 0, false, false},
    {"name", FT_STRING, true, 100, 0, 0, false, false},
    {"kind", FT_STRING, true, 32, 0, 0, false, false},
    {"members", FT_STRING, false, 12, 0, 0, false,
     false}, /* checked by the page: an empty box is 0 */
    FIELDS_END,
};
static const struct field b_user_create[] = {
    {"username", FT_STRING, true, 32, 0, 0, false, false},
    {"display_name", FT_STRING, true, 50, 0, 0, false, false},
    {"role", FT_STRING, true, 16, 0, 0, false, false},
    {"org_id", FT_INT, true, 0, 1, ID_MAX, false, false},
    {"password", FT_STRING, true, 128, 0, 0, false, false},
    FIELDS_END,
};
static const struct field b_user_update[] = {
    {"display_name", FT_STRING, false, 50, 0, 0, false, false},
    {"role", FT_STRING, false, 16, 0, 0, false, false},
    {"org_id", FT_INT, false, 0, 1, ID_MAX, false, false},
    {"disabled", FT_BOOL, false, 0, 0, 0, false, false},
    FIELDS_END,
};
static const struct field b_password_reset[] = {
    {"password", FT_STRING, true, 128, 0, 0, false, false},
    FIELDS_END,
};
static const struct field b_password_own[] = {
    {"old_password", FT_STRING, true, 128, 0, 0, false, false},
    {"password", FT_STRING, true, 128, 0, 0, false, false},
    FIELDS_END,
};
/* The page form asks for the new password twice, to catch a typing slip. */
static const struct field b_password_own_form[] = {
    {"old_password", FT_STRING, true, 128, 0, 0, false, false},
    {"password", FT_STRING, true, 128, 0, 0, false, false},
    {"password2", FT_STRING, true, 128, 0, 0, false, false},
    FIELDS_END,
};
static const struct field b_token[] = {
    {"label", FT_STRING, true, 50, 0, 0, false, false},
    FIELDS_END,
};
static const struct field b_policy[] = {
    {"pw_min_length", FT_INT, false, 0, 8, 64, false, false},
    {"pw_min_classes", FT_INT, false, 0, 1, 4, false, false},
    {"lock_user_failures", FT_INT, false, 0, 3, 100, false, false},
    {"lock_addr_failures", FT_INT, false, 0, 3, 1000, false, false},
    {"lock_window", FT_INT, false, 0, 60, 86400, false, false},
    {"lock_seconds", FT_INT, false, 0, 60, 86400, false, false},
    {"session_idle", FT_INT, false, 0, 60, 86400, false, false},
    {"session_absolute", FT_INT, false, 0, 300, 604800, false, false},
    {"token_days", FT_INT, false, 0, 1, 3650, false, false},
    FIELDS_END,
};
static const struct field b_unlock[] = {
    {"key", FT_STRING, true, 200, 0, 0, false, false},
    FIELDS_END,
};

#define API ROUTE_API

const struct route route_table[] = {
    /* JSON API */
    {HTTP_POST, "/api/v1/login", api_login, PERM_NONE, BODY_JSON, q_none, b_login,
     API | ROUTE_NO_CSRF, OBJ_NONE},
    {HTTP_POST, "/api/v1/logout", api_logout, PERM_LOGIN, BODY_NONE, q_none, b_none, API, OBJ_NONE},
    {HTTP_GET, "/api/v1/me", api_me, PERM_LOGIN, BODY_NONE, q_none, b_none, API, OBJ_NONE},
    {HTTP_POST, "/api/v1/me/password", api_me_password, PERM_LOGIN, BODY_JSON, q_none,
     b_password_own, API, OBJ_NONE},
    {HTTP_GET, "/api/v1/tokens", api_token_list, PERM_LOGIN, BODY_NONE, q_none, b_none, API,
     OBJ_NONE},
    {HTTP_POST, "/api/v1/tokens", api_token_create, PERM_LOGIN, BODY_JSON, q_none, b_token, API,
     OBJ_NONE},
    {HTTP_DELETE, "/api/v1/tokens/{id}", api_token_delete, PERM_LOGIN, BODY_NONE, q_none, b_none,
     API, OBJ_NONE},
    {HTTP_GET, "/api/v1/org-kinds", api_kind_list, PERM_ORG_READ, BODY_NONE, q_none, b_none, API,
     OBJ_NONE},
    {HTTP_GET, "/api/v1/orgs", api_org_search, PERM_ORG_READ, BODY_NONE, q_org_search, b_none, API,
     OBJ_NONE},
    {HTTP_POST, "/api/v1/orgs", api_org_create, PERM_ORG_WRITE, BODY_JSON, q_none, b_org_create,
     API, OBJ_NONE},
    {HTTP_GET, "/api/v1/orgs/{id}", api_org_get, PERM_ORG_READ, BODY_NONE, q_none, b_none, API,
     OBJ_ORG},
    {HTTP_PATCH, "/api/v1/orgs/{id}", api_org_update, PERM_ORG_WRITE, BODY_JSON, q_none,
     b_org_update, API, OBJ_ORG},
    {HTTP_GET, "/api/v1/orgs/{id}/children", api_org_children, PERM_ORG_READ, BODY_NONE, q_page,
     b_none, API, OBJ_ORG},
    {HTTP_GET, "/api/v1/users", api_user_list, PERM_USER_READ, BODY_NONE, q_users, b_none, API,
     OBJ_NONE},
    {HTTP_POST, "/api/v1/users", api_user_create, PERM_USER_WRITE, BODY_JSON, q_none, b_user_create,
     API, OBJ_NONE},
    {HTTP_GET, "/api/v1/users/{id}", api_user_get, PERM_USER_READ, BODY_NONE, q_none, b_none, API,
     OBJ_USER},
    {HTTP_PATCH, "/api/v1/users/{id}", api_user_update, PERM_USER_WRITE, BODY_JSON, q_none,
     b_user_update, API, OBJ_USER},
    {HTTP_POST, "/api/v1/users/{id}/password", api_user_password, PERM_USER_WRITE, BODY_JSON,
     q_none, b_password_reset, API, OBJ_USER},
    {HTTP_GET, "/api/v1/audit", api_audit_list, PERM_AUDIT_READ, BODY_NONE, q_audit, b_none, API,
     OBJ_NONE},
    {HTTP_GET, "/api/v1/security/policy", api_policy_get, PERM_SECURITY, BODY_NONE, q_none, b_none,
     API, OBJ_NONE},
    {HTTP_PATCH, "/api/v1/security/policy", api_policy_update, PERM_SECURITY, BODY_JSON, q_none,
     b_policy, API, OBJ_NONE},
    {HTTP_GET, "/api/v1/security/locks", api_lock_list, PERM_SECURITY, BODY_NONE, q_none, b_none,
     API, OBJ_NONE},
    {HTTP_POST, "/api/v1/security/unlock", api_lock_clear, PERM_SECURITY, BODY_JSON, q_none,
     b_unlock, API, OBJ_NONE},

    /* Pages */
    {HTTP_GET, "/static/{file}", page_static, PERM_NONE, BODY_NONE, q_none, b_none,
     ROUTE_NO_SESSION, OBJ_NONE},
    {HTTP_GET, "/login", page_login_form, PERM_NONE, BODY_NONE, q_next, b_none, 0, OBJ_NONE},
    {HTTP_POST, "/login", page_login, PERM_NONE, BODY_FORM, q_none, b_login_form, ROUTE_NO_CSRF,
     OBJ_NONE},
    {HTTP_POST, "/logout", page_logout, PERM_LOGIN, BODY_FORM, q_none, b_none, 0, OBJ_NONE},
    {HTTP_GET, "/", page_home, PERM_LOGIN, BODY_NONE, q_none, b_none, 0, OBJ_NONE},
    {HTTP_GET, "/orgs", page_org_search, PERM_ORG_READ, BODY_NONE, q_org_search, b_none, 0,
     OBJ_NONE},
    {HTTP_GET, "/orgs/{id}", page_org, PERM_ORG_READ, BODY_NONE, q_org_view, b_none, 0, OBJ_ORG},
    {HTTP_GET, "/orgs/{id}/new", page_org_new_form, PERM_ORG_WRITE, BODY_NONE, q_none, b_none, 0,
     OBJ_ORG},
    {HTTP_POST, "/orgs/{id}/new", page_org_new, PERM_ORG_WRITE, BODY_FORM, q_none, b_org_new_form,
     0, OBJ_ORG},
    {HTTP_GET, "/orgs/{id}/edit", page_org_edit_form, PERM_ORG_WRITE, BODY_NONE, q_none, b_none, 0,
     OBJ_ORG},
    {HTTP_POST, "/orgs/{id}/edit", page_org_edit, PERM_ORG_WRITE, BODY_FORM, q_none,
     b_org_edit_form, 0, OBJ_ORG},
    {HTTP_GET, "/users", page_users, PERM_USER_READ, BODY_NONE, q_users, b_none, 0, OBJ_NONE},
    {HTTP_GET, "/users/new", page_user_new_form, PERM_USER_WRITE, BODY_NONE, q_user_new, b_none, 0,
     OBJ_NONE},
    {HTTP_POST, "/users/new", page_user_new, PERM_USER_WRITE, BODY_FORM, q_none, b_user_create, 0,
     OBJ_NONE},
    {HTTP_GET, "/users/{id}", page_user, PERM_USER_READ, BODY_NONE, q_done, b_none, 0, OBJ_USER},
    {HTTP_POST, "/users/{id}", page_user_edit, PERM_USER_WRITE, BODY_FORM, q_none, b_user_update, 0,
     OBJ_USER},
    {HTTP_POST, "/users/{id}/password", page_user_reset, PERM_USER_WRITE, BODY_FORM, q_none,
     b_password_reset, 0, OBJ_USER},
    {HTTP_GET, "/roles", page_roles, PERM_USER_READ, BODY_NONE, q_none, b_none, 0, OBJ_NONE},
    {HTTP_GET, "/account", page_account, PERM_LOGIN, BODY_NONE, q_done, b_none, 0, OBJ_NONE},
    {HTTP_POST, "/account/password", page_account_password, PERM_LOGIN, BODY_FORM, q_none,
     b_password_own_form, 0, OBJ_NONE},
    {HTTP_GET, "/audit", page_audit, PERM_AUDIT_READ, BODY_NONE, q_audit, b_none, 0, OBJ_NONE},
    {HTTP_GET, "/security", page_security, PERM_SECURITY, BODY_NONE, q_done, b_none, 0, OBJ_NONE},
    {HTTP_POST, "/security", page_security_update, PERM_SECURITY, BODY_FORM, q_none, b_policy, 0,
     OBJ_NONE},
    {HTTP_POST, "/security/unlock", page_security_unlock, PERM_SECURITY, BODY_FORM, q_none,
     b_unlock, 0, OBJ_NONE},
};

const size_t route_count = sizeof(route_table) / sizeof(route_table[0]);
