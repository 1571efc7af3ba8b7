/* mhd: the libmicrohttpd callbacks, for server/app.c to register. */
#ifndef XG_MHD_H
#define XG_MHD_H

#include <microhttpd.h>

/* MHD_OPTION_URI_LOG_CALLBACK (cls: the app): a request begins; returns its struct req. */
void *mhd_on_uri(void *cls, const char *uri, struct MHD_Connection *c);
/* The access handler (cls: the app). */
enum MHD_Result mhd_on_request(void *cls, struct MHD_Connection *c, const char *url,
			       const char *method, const char *version, const char *upload_data,
			       size_t *upload_data_size, void **con_cls);
/* MHD_OPTION_NOTIFY_COMPLETED: the request's memory is released. */
void mhd_on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
		      enum MHD_RequestTerminationCode toe);

#endif
