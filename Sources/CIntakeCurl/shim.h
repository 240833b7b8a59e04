#ifndef CINTAKE_CURL_SHIM_H
#define CINTAKE_CURL_SHIM_H

/* The only C the project has. curl_easy_setopt and curl_easy_getinfo are variadic, which Swift
 * cannot call, so every argument kind gets a typed static inline wrapper here. Names are prefixed
 * cintake_curl_ so that nothing leaks unprefixed into Swift. */

#include <curl/curl.h>
#include <signal.h>

typedef size_t (*cintake_curl_data_callback)(char *buffer, size_t size, size_t count, void *userdata);
typedef int (*cintake_curl_debug_callback)(CURL *handle, curl_infotype type, char *data, size_t size, void *userdata);
typedef curl_socket_t (*cintake_curl_opensocket_callback)(void *userdata, curlsocktype purpose, struct curl_sockaddr *address);
typedef int (*cintake_curl_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                              curl_off_t ultotal, curl_off_t ulnow);

static inline CURLcode cintake_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode cintake_curl_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode cintake_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode cintake_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode cintake_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode cintake_curl_setopt_data_callback(CURL *handle, CURLoption option,
                                                         cintake_curl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode cintake_curl_setopt_xferinfo_callback(CURL *handle, cintake_curl_xferinfo_callback value) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, value);
}

/* Decides about every socket libcurl would open (CURLOPT_OPENSOCKETFUNCTION): the callback opens
 * it itself, or returns CURL_SOCKET_BAD so that no connection is attempted. */
static inline CURLcode cintake_curl_setopt_opensocket_callback(CURL *handle, cintake_curl_opensocket_callback value) {
    return curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, value);
}

/* The address of a struct curl_sockaddr (its length is addrlen, which may exceed sizeof(addr)). */
static inline const struct sockaddr *cintake_curl_sockaddr_address(const struct curl_sockaddr *address) {
    return &address->addr;
}

static inline CURLcode cintake_curl_setopt_debug_callback(CURL *handle, cintake_curl_debug_callback value) {
    return curl_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, value);
}

/* Renamed in 8.2 (CURLOPT_MAIL_RCPT_ALLOWFAILS); Debian 12's 7.88 only has the old spelling. */
static inline CURLcode cintake_curl_setopt_rcpt_allowfails(CURL *handle, long value) {
    return curl_easy_setopt(handle, CURLOPT_MAIL_RCPT_ALLLOWFAILS, value);
}

static inline CURLcode cintake_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode cintake_curl_getinfo_off(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode cintake_curl_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

/* The socket of a connection handed over with CURLOPT_CONNECT_ONLY, to wait on with poll(). */
static inline CURLcode cintake_curl_getinfo_socket(CURL *handle, curl_socket_t *value) {
    return curl_easy_getinfo(handle, CURLINFO_ACTIVESOCKET, value);
}

/* CURLVERSION_NOW is a macro Swift does not import. */
static inline const curl_version_info_data *cintake_curl_version_info(void) {
    return curl_version_info(CURLVERSION_NOW);
}

static inline CURLcode cintake_curl_global_init(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* Values of macros and enum members that Swift imports awkwardly, collected in one place. */
static inline size_t cintake_curl_readfunc_abort(void) { return CURL_READFUNC_ABORT; }
static inline size_t cintake_curl_writefunc_error(void) { return 0; }
static inline curl_socket_t cintake_curl_socket_bad(void) { return CURL_SOCKET_BAD; }

/* libcurl runs with CURLOPT_NOSIGNAL, so a peer closing a socket would raise SIGPIPE: ignore it once. */
static inline void cintake_ignore_sigpipe(void) { signal(SIGPIPE, SIG_IGN); }

#endif
