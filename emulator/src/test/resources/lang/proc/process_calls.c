/* The process calls language runtimes probe (issue 5 bullet 3): every result printed
 * is one the host kernel and the emulator must agree on (return values, errnos,
 * contents), never a figure that depends on the machine or the moment. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <unistd.h>

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#define MADV_POPULATE_WRITE 23
#endif
#ifndef PR_SET_VMA
#define PR_SET_VMA 0x53564d41
#define PR_SET_VMA_ANON_NAME 0
#endif

static void show(const char *what, long r) {
    if (r < 0) printf("%s = -1 %s\n", what, strerrorname_np(errno));
    else printf("%s = %ld\n", what, r);
}

static long raw(long nr, long a, long b, long c, long d, long e) {
    long r = syscall(nr, a, b, c, d, e);
    return r;
}

static void file(const char *path) {
    char buf[256];
    int fd = open(path, O_RDONLY);
    if (fd < 0) { printf("%s: %s\n", path, strerrorname_np(errno)); return; }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n < 0) { printf("%s: read %s\n", path, strerrorname_np(errno)); return; }
    buf[n] = 0;
    printf("%s: %s", path, buf);
    if (n == 0 || buf[n - 1] != '\n') printf("\n");
}

/* Names are per thread: a new thread starts with its creator's and renames only itself. */
static void *rename_self(void *arg) {
    char n[16] = {0};
    prctl(PR_GET_NAME, (unsigned long) n, 0, 0, 0);
    printf("thread starts as '%s'\n", n);
    prctl(PR_SET_NAME, (unsigned long) arg, 0, 0, 0);
    prctl(PR_GET_NAME, (unsigned long) n, 0, 0, 0);
    printf("thread renamed '%s'\n", n);
    /* glibc asks sched_getaffinity with this thread's tid (pthread_getattr_np does too). */
    cpu_set_t set;
    printf("sched_getaffinity(own tid) = %d\n", sched_getaffinity(syscall(SYS_gettid), sizeof set, &set));
    pthread_attr_t attr;
    int r = pthread_getattr_np(pthread_self(), &attr);
    printf("pthread_getattr_np = %d\n", r);
    if (r == 0) pthread_attr_destroy(&attr);
    return NULL;
}

int main(void) {
    char name[32] = {0};
    /* prctl */
    show("PR_SET_NAME", prctl(PR_SET_NAME, (unsigned long) "binfarm-lang-long-name", 0, 0, 0));
    show("PR_GET_NAME", prctl(PR_GET_NAME, (unsigned long) name, 0, 0, 0));
    printf("name '%s'\n", name);
    pthread_t th;
    pthread_create(&th, NULL, rename_self, "worker");
    pthread_join(th, NULL);
    prctl(PR_GET_NAME, (unsigned long) name, 0, 0, 0);
    printf("main still '%s'\n", name);
    show("PR_GET_DUMPABLE", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
    show("PR_SET_DUMPABLE 0", prctl(PR_SET_DUMPABLE, 0, 0, 0, 0));
    show("PR_GET_DUMPABLE", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
    show("PR_SET_DUMPABLE 2", prctl(PR_SET_DUMPABLE, 2, 0, 0, 0));
    show("PR_SET_DUMPABLE 1", prctl(PR_SET_DUMPABLE, 1, 0, 0, 0));
    int sig = -1;
    show("PR_GET_PDEATHSIG", prctl(PR_GET_PDEATHSIG, (unsigned long) &sig, 0, 0, 0));
    printf("pdeathsig %d\n", sig);
    show("PR_SET_PDEATHSIG 9", prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0));
    show("PR_GET_PDEATHSIG", prctl(PR_GET_PDEATHSIG, (unsigned long) &sig, 0, 0, 0));
    printf("pdeathsig %d\n", sig);
    show("PR_SET_PDEATHSIG 99", prctl(PR_SET_PDEATHSIG, 99, 0, 0, 0));
    show("PR_GET_NO_NEW_PRIVS", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    show("PR_SET_NO_NEW_PRIVS 2", prctl(PR_SET_NO_NEW_PRIVS, 2, 0, 0, 0));
    show("PR_SET_NO_NEW_PRIVS 1", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
    show("PR_GET_NO_NEW_PRIVS", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    show("PR_GET_KEEPCAPS", prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0));
    show("PR_SET_KEEPCAPS 1", prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0));
    show("PR_GET_KEEPCAPS", prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0));
    show("PR_SET_KEEPCAPS 5", prctl(PR_SET_KEEPCAPS, 5, 0, 0, 0));
    show("PR_CAPBSET_READ 0", prctl(PR_CAPBSET_READ, 0, 0, 0, 0));
    show("PR_CAPBSET_READ 999", prctl(PR_CAPBSET_READ, 999, 0, 0, 0));
    show("PR_GET_TIMERSLACK", prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0));
    show("PR_SET_TIMERSLACK", prctl(PR_SET_TIMERSLACK, 100000, 0, 0, 0));
    show("PR_GET_TIMERSLACK", prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0));
    show("PR_GET_CHILD_SUBREAPER", prctl(PR_GET_CHILD_SUBREAPER, (unsigned long) &sig, 0, 0, 0));
    printf("subreaper %d\n", sig);
    show("PR_SET_CHILD_SUBREAPER", prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0));
    show("PR_GET_CHILD_SUBREAPER", prctl(PR_GET_CHILD_SUBREAPER, (unsigned long) &sig, 0, 0, 0));
    printf("subreaper %d\n", sig);
    show("PR_GET_SECCOMP", prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
    show("PR_GET_THP_DISABLE", prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0));
    show("PR_SET_THP_DISABLE", prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0));
    show("PR_GET_THP_DISABLE", prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0));
    show("PR_SET_THP_DISABLE", prctl(PR_SET_THP_DISABLE, 0, 0, 0, 0));
    show("PR_GET_DUMPABLE extra args", prctl(PR_GET_DUMPABLE, 0, 1, 0, 0));
    show("PR_GET_NO_NEW_PRIVS extra args", prctl(PR_GET_NO_NEW_PRIVS, 0, 1, 0, 0));
    show("PR_CAPBSET_READ 40", prctl(PR_CAPBSET_READ, 40, 0, 0, 0));
    show("prctl 12345", prctl(12345, 0, 0, 0, 0));
    /* priorities: the raw call returns 20 - nice */
    show("raw getpriority", raw(SYS_getpriority, PRIO_PROCESS, 0, 0, 0, 0));
    errno = 0;
    show("getpriority", getpriority(PRIO_PROCESS, 0));
    show("setpriority 5", setpriority(PRIO_PROCESS, 0, 5));
    show("raw getpriority", raw(SYS_getpriority, PRIO_PROCESS, 0, 0, 0, 0));
    show("setpriority 40", setpriority(PRIO_PROCESS, 0, 40));
    show("raw getpriority", raw(SYS_getpriority, PRIO_PROCESS, 0, 0, 0, 0));
    show("setpriority 0", setpriority(PRIO_PROCESS, 0, 0));
    show("getpriority bad which", raw(SYS_getpriority, 7, 0, 0, 0, 0));
    show("getpriority no such pid", raw(SYS_getpriority, PRIO_PROCESS, 999999, 0, 0, 0));
    /* sysinfo, times, getrusage: only what is stable */
    struct sysinfo si;
    show("sysinfo", sysinfo(&si));
    printf("sysinfo mem_unit %u procs>0 %d total>=free %d\n", si.mem_unit, si.procs > 0, si.totalram >= si.freeram);
    show("sysinfo NULL", raw(SYS_sysinfo, 0, 0, 0, 0, 0));
    struct tms t;
    clock_t c = times(&t);
    printf("times ok %d\n", c != (clock_t) -1);
    struct rusage ru;
    show("getrusage self", getrusage(RUSAGE_SELF, &ru));
    printf("maxrss>0 %d\n", ru.ru_maxrss > 0);
    show("getrusage children", getrusage(RUSAGE_CHILDREN, &ru));
    printf("children utime %ld\n", ru.ru_utime.tv_sec);
    show("getrusage thread", getrusage(RUSAGE_THREAD, &ru));
    show("getrusage 5", getrusage(5, &ru));
    /* madvise: the advice Go and allocators use, and what DONTNEED does to private pages */
    long page = sysconf(_SC_PAGESIZE);
    char *p = mmap(0, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(p, 0x5a, 4 * page);
    p[3 * page] = 3;
    show("MADV_DONTNEED", madvise(p, 2 * page, MADV_DONTNEED));
    printf("after DONTNEED %d %d %d\n", p[0], p[2 * page - 1], p[2 * page]);
    show("MADV_NORMAL", madvise(p, page, MADV_NORMAL));
    show("MADV_RANDOM", madvise(p, page, MADV_RANDOM));
    show("MADV_SEQUENTIAL", madvise(p, page, MADV_SEQUENTIAL));
    show("MADV_WILLNEED", madvise(p, page, MADV_WILLNEED));
    show("MADV_FREE", madvise(p + 3 * page, page, MADV_FREE));
    p[3 * page] = 7;
    printf("written after FREE %d\n", p[3 * page]);
    show("MADV_HUGEPAGE", madvise(p, 4 * page, MADV_HUGEPAGE));
    show("MADV_NOHUGEPAGE", madvise(p, 4 * page, MADV_NOHUGEPAGE));
    show("MADV_DONTFORK", madvise(p, page, MADV_DONTFORK));
    show("MADV_DOFORK", madvise(p, page, MADV_DOFORK));
    show("MADV_DONTDUMP", madvise(p, page, MADV_DONTDUMP));
    show("MADV_DODUMP", madvise(p, page, MADV_DODUMP));
    show("MADV_WIPEONFORK", madvise(p, page, MADV_WIPEONFORK));
    show("MADV_KEEPONFORK", madvise(p, page, MADV_KEEPONFORK));
    show("MADV_COLD", madvise(p, page, MADV_COLD));
    show("MADV_PAGEOUT", madvise(p + page, page, MADV_PAGEOUT));
    show("MADV_POPULATE_READ", madvise(p, 4 * page, MADV_POPULATE_READ));
    show("MADV_POPULATE_WRITE", madvise(p, 4 * page, MADV_POPULATE_WRITE));
    show("MADV_REMOVE private", madvise(p, page, MADV_REMOVE));
    show("madvise 77", madvise(p, page, 77));
    show("madvise unaligned", madvise(p + 1, page, MADV_NORMAL));
    show("madvise len 0", madvise(p, 0, MADV_DONTNEED));
    show("madvise len 0 bad advice", madvise(p, 0, 77));
    munmap(p + 2 * page, page);
    show("madvise over a hole", madvise(p, 4 * page, MADV_WILLNEED));
    show("DONTNEED over a hole", madvise(p, 4 * page, MADV_DONTNEED));
    printf("after DONTNEED over a hole %d\n", p[3 * page]);
    p[0] = 9;
    show("madvise unmapped", madvise(p + 2 * page, page, MADV_NORMAL));
    char *ro = mmap(0, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    show("POPULATE_WRITE read-only", madvise(ro, page, MADV_POPULATE_WRITE));
    show("POPULATE_READ read-only", madvise(ro, page, MADV_POPULATE_READ));
    show("WIPEONFORK read-only anon", madvise(ro, page, MADV_WIPEONFORK));
    char *none = mmap(0, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    show("POPULATE_READ PROT_NONE", madvise(none, page, MADV_POPULATE_READ));
    show("DONTNEED PROT_NONE", madvise(none, page, MADV_DONTNEED));
    /* mincore: what is resident after touching */
    unsigned char vec[4] = {9, 9, 9, 9};
    char *q = mmap(0, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    q[0] = 1;
    q[2 * page] = 1;
    show("mincore", mincore(q, 4 * page, vec));
    printf("mincore %d %d %d %d\n", vec[0] & 1, vec[1] & 1, vec[2] & 1, vec[3] & 1);
    show("mincore unaligned", mincore(q + 1, page, vec));
    munmap(q + page, page);
    show("mincore hole", mincore(q, 4 * page, vec));
    /* the files Go and glibc read */
    file("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size");
    file("/proc/sys/kernel/ostype");
    file("/proc/sys/vm/overcommit_memory");
    return 0;
}
