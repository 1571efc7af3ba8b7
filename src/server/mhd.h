/* http_server: the libmicrohttpd callbacks, for app.c to register. */
#ifndef XG_HTTP_SERVER_H
#define XG_HTTP_SERVER_H

#include <microhttpd.h>

enum MHD_Result http_on_request(void *cls, struct MHD_Connection *c, const char *url,
				const char *method, const char *version, const char *upload_data,
				size_t *upload_data_size, void **con_cls);
void http_on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
		       enum MHD_RequestTerminationCode toe);

#endif
