/* GMime 3 doing the benchmark's work: parse each message, decode every text part to UTF-8,
 * every attachment to bytes, and subject/from/to/date/message-id.
 * usage: gmime_bench CORPUS_DIR   -> prints: messages seconds peak_rss_kb checksum */
#include <dirent.h>
#include <fcntl.h>
#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static int compare(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* --dump FILE...: what GMime decodes from each file, as JSON Lines, for bench/mime/compare.py. */
static void json_string(const char *text) {
    if (!text) { fputs("null", stdout); return; }
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '"' || *p == '\\') { putchar('\\'); putchar(*p); }
        else if (*p == '\n') fputs("\\n", stdout);
        else if (*p == '\r') fputs("\\r", stdout);
        else if (*p == '\t') fputs("\\t", stdout);
        else if (*p < 0x20) printf("\\u%04x", *p);
        else putchar(*p);
    }
    putchar('"');
}

static void json_addresses(InternetAddressList *list) {
    putchar('[');
    int count = list ? internet_address_list_length(list) : 0;
    int written = 0;
    for (int i = 0; i < count; i++) {
        InternetAddress *address = internet_address_list_get_address(list, i);
        if (!INTERNET_ADDRESS_IS_MAILBOX(address)) continue;
        char *lower = g_ascii_strdown(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address)), -1);
        if (written++) putchar(',');
        json_string(lower);
        g_free(lower);
    }
    putchar(']');
}

static int dump(int count, char **files) {
    g_mime_init();
    for (int i = 0; i < count; i++) {
        const char *name = strrchr(files[i], '/');
        name = name ? name + 1 : files[i];
        GMimeStream *stream = g_mime_stream_fs_open(files[i], O_RDONLY, 0, NULL);
        GMimeMessage *message = NULL;
        if (stream) {
            GMimeParser *parser = g_mime_parser_new_with_stream(stream);
            message = g_mime_parser_construct_message(parser, NULL);
            g_object_unref(parser);
            g_object_unref(stream);
        }
        fputs("{\"file\":", stdout); json_string(name);
        if (!message) { fputs(",\"error\":\"not parsed\"}\n", stdout); continue; }
        fputs(",\"subject\":", stdout); json_string(g_mime_message_get_subject(message));
        fputs(",\"from\":", stdout); json_addresses(g_mime_message_get_from(message));
        fputs(",\"to\":", stdout); json_addresses(g_mime_message_get_to(message));
        GString *text = g_string_new(NULL);
        GString *attachments = g_string_new("[");
        int texts = 0, files_seen = 0;
        GMimePartIter *iter = g_mime_part_iter_new((GMimeObject *)message);
        if (g_mime_part_iter_is_valid(iter)) {
            do {
                GMimeObject *current = g_mime_part_iter_get_current(iter);
                GMimeObject *parent = g_mime_part_iter_get_parent(iter);
                if (!GMIME_IS_PART(current)) continue;
                GMimeContentType *type = g_mime_object_get_content_type(current);
                gboolean plain = g_mime_content_type_is_type(type, "text", "plain");
                gboolean html = g_mime_content_type_is_type(type, "text", "html");
                if ((plain || html) && !g_mime_part_is_attachment(GMIME_PART(current))) {
                    /* In an alternative, take the plain part only (as the other programs do). */
                    if (html && parent && GMIME_IS_MULTIPART(parent) &&
                        g_mime_content_type_is_type(g_mime_object_get_content_type(parent), "multipart", "alternative")) continue;
                    char *content = g_mime_text_part_get_text(GMIME_TEXT_PART(current));
                    if (content) {
                        size_t len = strlen(content);
                        while (len && (content[len - 1] == '\n' || content[len - 1] == '\r' || content[len - 1] == ' ')) content[--len] = 0;
                        if (texts++) g_string_append_c(text, '\n');
                        g_string_append(text, content);
                        g_free(content);
                    }
                } else {
                    GMimeDataWrapper *wrapper = g_mime_part_get_content(GMIME_PART(current));
                    gint64 size = 0;
                    if (wrapper) {
                        GMimeStream *memory = g_mime_stream_mem_new();
                        g_mime_data_wrapper_write_to_stream(wrapper, memory);
                        size = g_mime_stream_length(memory);
                        g_object_unref(memory);
                    }
                    const char *filename = g_mime_part_get_filename(GMIME_PART(current));
                    g_string_append_printf(attachments, "%s\"%s:%lld\"", files_seen++ ? "," : "", filename ? filename : "-", (long long)size);
                }
            } while (g_mime_part_iter_next(iter));
        }
        g_mime_part_iter_free(iter);
        g_string_append_c(attachments, ']');
        fputs(",\"text\":", stdout);
        if (texts) json_string(text->str); else fputs("null", stdout);
        fputs(",\"attachments\":", stdout); fputs(attachments->str, stdout);
        fputs("}\n", stdout);
        g_string_free(text, TRUE);
        g_string_free(attachments, TRUE);
        g_object_unref(message);
    }
    g_mime_shutdown();
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "--dump") == 0) return dump(argc - 2, argv + 2);
    if (argc < 2) { fprintf(stderr, "usage: %s DIR\n", argv[0]); return 2; }
    g_mime_init();
    DIR *dir = opendir(argv[1]);
    if (!dir) { perror(argv[1]); return 1; }
    char **names = NULL; size_t count = 0, capacity = 0;
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        size_t len = strlen(entry->d_name);
        if (len < 4 || strcmp(entry->d_name + len - 4, ".eml") != 0) continue;
        if (count == capacity) { capacity = capacity ? capacity * 2 : 1024; names = realloc(names, capacity * sizeof *names); }
        names[count++] = strdup(entry->d_name);
    }
    closedir(dir);
    qsort(names, count, sizeof *names, compare);

    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    unsigned long long checksum = 0;
    char path[4096];
    for (size_t i = 0; i < count; i++) {
        snprintf(path, sizeof path, "%s/%s", argv[1], names[i]);
        GMimeStream *stream = g_mime_stream_fs_open(path, O_RDONLY, 0, NULL);
        if (!stream) continue;
        GMimeParser *parser = g_mime_parser_new_with_stream(stream);
        GMimeMessage *message = g_mime_parser_construct_message(parser, NULL);
        g_object_unref(parser);
        g_object_unref(stream);
        if (!message) continue;
        const char *subject = g_mime_message_get_subject(message);
        if (subject) checksum += strlen(subject);
        char *from = internet_address_list_to_string(g_mime_message_get_from(message), NULL, FALSE);
        char *to = internet_address_list_to_string(g_mime_message_get_to(message), NULL, FALSE);
        if (from) { checksum += strlen(from); g_free(from); }
        if (to) { checksum += strlen(to); g_free(to); }
        GDateTime *date = g_mime_message_get_date(message);
        if (date) checksum += g_date_time_get_day_of_month(date);
        const char *id = g_mime_message_get_message_id(message);
        if (id) checksum += strlen(id);

        GMimePartIter *iter = g_mime_part_iter_new((GMimeObject *)message);
        if (g_mime_part_iter_is_valid(iter)) {
            do {
                GMimeObject *current = g_mime_part_iter_get_current(iter);
                if (!GMIME_IS_PART(current)) continue;
                GMimePart *part = GMIME_PART(current);
                if (GMIME_IS_TEXT_PART(current) && !g_mime_part_is_attachment(part)) {
                    char *text = g_mime_text_part_get_text(GMIME_TEXT_PART(current));
                    if (text) { checksum += strlen(text); g_free(text); }
                } else {
                    GMimeDataWrapper *content = g_mime_part_get_content(part);
                    if (!content) continue;
                    GMimeStream *memory = g_mime_stream_mem_new();
                    g_mime_data_wrapper_write_to_stream(content, memory);
                    checksum += g_mime_stream_length(memory);
                    g_object_unref(memory);
                }
            } while (g_mime_part_iter_next(iter));
        }
        g_mime_part_iter_free(iter);
        g_object_unref(message);
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    double seconds = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    printf("%zu %.3f %ld %llu\n", count, seconds, usage.ru_maxrss, checksum);
    for (size_t i = 0; i < count; i++) free(names[i]);
    free(names);
    g_mime_shutdown();
    return 0;
}
