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

int main(int argc, char **argv) {
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
