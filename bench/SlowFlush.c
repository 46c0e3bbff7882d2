/* For bench/Invoke-Benchmarks.ps1 on Linux: loaded with LD_PRELOAD, makes every fsync and fdatasync wait
   KSEFPS_BENCH_FLUSH_US microseconds (5,000 if unset) before flushing, as a disk that really writes takes time to. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <unistd.h>

static void wait_as_a_disk(void)
{
    const char *setting = getenv("KSEFPS_BENCH_FLUSH_US");
    usleep(setting ? (useconds_t)atoi(setting) : 5000);
}

int fsync(int fd)
{
    static int (*flush)(int);
    if (!flush) flush = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    wait_as_a_disk();
    return flush(fd);
}

int fdatasync(int fd)
{
    static int (*flush)(int);
    if (!flush) flush = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    wait_as_a_disk();
    return flush(fd);
}
