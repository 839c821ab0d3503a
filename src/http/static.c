#include "http/static.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
	const char *ext;
	const char *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
    {".webmanifest", "application/manifest+json"},
    {".wav", "audio/wav"},
};

const char *static_content_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot)
		for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
			if (!strcmp(dot, types[i].ext))
				return types[i].type;
	return "application/octet-stream";
}

bool static_serve(const char *root, http_req *r, http_resp *w)
{
	const char *p = r->path;
	char file[1200];
	bool page = false;
	if (!strcmp(p, "/")) {
		snprintf(file, sizeof file, "%s/index.html", root);
		page = true;
	} else if (!strchr(p + 1, '/') && !strchr(p + 1, '.')) {
		snprintf(file, sizeof file, "%s%s.html", root, p);
		page = true;
	} else if (!strncmp(p, "/assets/", 8) || !strcmp(p, "/favicon.ico")) {
		snprintf(file, sizeof file, "%s%s", root, p);
	} else {
		return false;
	}
	/* path_is_clean() already refused dot segments; O_NOFOLLOW refuses a
	 * symlink as the last component. */
	int fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return false;
	}
	char etag[64];
	snprintf(etag, sizeof etag, "\"%llx-%llx\"", (unsigned long long)sb.st_size,
	         (unsigned long long)sb.st_mtime);
	resp_header(w, "ETag", etag);
	/* Asset names carry no content hash yet, so everything revalidates
	 * (cheap: a 304 on a matching ETag) and a deploy is seen at once. */
	resp_header(w, "Cache-Control", page ? "no-cache" : "public, no-cache");
	const char *inm = req_header(r, "If-None-Match");
	if (inm && !strcmp(inm, etag)) {
		close(fd);
		w->status = 304;
		w->content_type = NULL;
		return true;
	}
	w->status = 200;
	w->content_type = static_content_type(file);
	w->fd = fd;
	w->fd_size = (uint64_t)sb.st_size;
	return true;
}
