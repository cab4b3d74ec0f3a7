/* Thread-local variables (initialised and zeroed TLS, reached through %fs) and errno, which lives in TLS. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
static __thread int counter = 41;
static __thread char name[16] = "tls-initial";
static __thread long zeroed[100];
static int bump(void) { return ++counter; }
int main(void) {
    printf("counter=%d name=%s zeroed[99]=%ld\n", counter, name, zeroed[99]);
    for (int i = 0; i < 100; i++) zeroed[i] = i * bump();
    long s = 0;
    for (int i = 0; i < 100; i++) s += zeroed[i];
    printf("after: counter=%d sum=%ld\n", counter, s);
    name[0] = 'T';
    printf("name=%s\n", name);
    errno = 0;
    close(-5);
    printf("errno after close(-5)=%d, &errno consistent=%d\n", errno, &errno == __errno_location());
    return 0;
}
