/*
 * A PKCS#11 library that is another one (WRAPPED, a path given when compiling) with a cap on the sessions an
 * application may have open at once (CAP), as some cards and HSMs have: one more C_OpenSession answers
 * CKR_SESSION_COUNT. Everything else is the wrapped library's own function list. For tests only (SoftHSM2 has no cap).
 *
 * gcc -shared -fPIC -DWRAPPED='"/path/libsofthsm2.so"' -DCAP=2 -o cap.so SessionCapToken.c -ldl -lpthread
 */
#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

typedef unsigned long CK_ULONG;
typedef CK_ULONG CK_RV;
typedef CK_ULONG CK_SLOT_ID;
typedef CK_ULONG CK_FLAGS;
typedef CK_ULONG CK_SESSION_HANDLE;
typedef CK_RV (*CK_NOTIFY)(CK_SESSION_HANDLE, CK_ULONG, void *);

/* CK_FUNCTION_LIST: a version, then the functions in the order of the standard; the three replaced here come 13th to 15th. */
typedef struct { unsigned char major, minor; } CK_VERSION;
typedef struct { CK_VERSION version; void *functions[68]; } FUNCTION_LIST;
enum { OPEN_SESSION = 12, CLOSE_SESSION = 13, CLOSE_ALL_SESSIONS = 14 };

#define CKR_OK 0x0UL
#define CKR_GENERAL_ERROR 0x5UL
#define CKR_SESSION_COUNT 0xB1UL

typedef CK_RV (*GET_FUNCTION_LIST)(FUNCTION_LIST **);
typedef CK_RV (*OPEN)(CK_SLOT_ID, CK_FLAGS, void *, CK_NOTIFY, CK_SESSION_HANDLE *);
typedef CK_RV (*CLOSE)(CK_SESSION_HANDLE);
typedef CK_RV (*CLOSE_ALL)(CK_SLOT_ID);

static FUNCTION_LIST *wrapped;
static FUNCTION_LIST capped;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int open_sessions;

static CK_RV open_session(CK_SLOT_ID slot, CK_FLAGS flags, void *application, CK_NOTIFY notify, CK_SESSION_HANDLE *session)
{
    pthread_mutex_lock(&lock);
    CK_RV rv = CKR_SESSION_COUNT;
    if (open_sessions < CAP) {
        rv = ((OPEN)wrapped->functions[OPEN_SESSION])(slot, flags, application, notify, session);
        if (rv == CKR_OK) open_sessions++;
    }
    pthread_mutex_unlock(&lock);
    return rv;
}

static CK_RV close_session(CK_SESSION_HANDLE session)
{
    pthread_mutex_lock(&lock);
    CK_RV rv = ((CLOSE)wrapped->functions[CLOSE_SESSION])(session);
    if (rv == CKR_OK) open_sessions--;
    pthread_mutex_unlock(&lock);
    return rv;
}

static CK_RV close_all_sessions(CK_SLOT_ID slot)
{
    pthread_mutex_lock(&lock);
    CK_RV rv = ((CLOSE_ALL)wrapped->functions[CLOSE_ALL_SESSIONS])(slot);
    if (rv == CKR_OK) open_sessions = 0;
    pthread_mutex_unlock(&lock);
    return rv;
}

CK_RV C_GetFunctionList(FUNCTION_LIST **list)
{
    if (!wrapped) {
        void *library = dlopen(WRAPPED, RTLD_NOW | RTLD_LOCAL);
        GET_FUNCTION_LIST get = library ? (GET_FUNCTION_LIST)dlsym(library, "C_GetFunctionList") : NULL;
        if (!get || get(&wrapped) != CKR_OK) return CKR_GENERAL_ERROR;
        memcpy(&capped, wrapped, sizeof capped);
        capped.functions[OPEN_SESSION] = (void *)open_session;
        capped.functions[CLOSE_SESSION] = (void *)close_session;
        capped.functions[CLOSE_ALL_SESSIONS] = (void *)close_all_sessions;
    }
    *list = &capped;
    return CKR_OK;
}
