/* static.h - files from web_root: "/" is index.html, "/name" is name.html,
 * "/assets/..." are files. Content types by extension, ETag revalidation,
 * no-cache for pages and a short max-age for assets. */
#ifndef ONESTOP_HTTP_STATIC_H
#define ONESTOP_HTTP_STATIC_H

#include <stdbool.h>

#include "http/http.h"

/* Content type for a file name; "application/octet-stream" when unknown. */
const char *static_content_type(const char *name);
/* Serve r->path from root into w. Returns false when there is no such file
 * (w untouched). */
bool static_serve(const char *root, http_req *r, http_resp *w);

#endif
