/* Sense-VM runtime: containers, contexts, heap, loader, scheduler.
 *
 * Everything here is statically allocated by the generated container table
 * (build/generated/svm_containers.c): the core holds no global mutable
 * state and allocates nothing; every function works on the container or VM
 * it is given.
 */
#ifndef SVM_H
#define SVM_H

#include <stddef.h>
#include <stdint.h>

#include "svm_value.h"

#if defined(__GNUC__) || defined(__clang__)
#define SVM_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define SVM_LIKELY(x) __builtin_expect(!!(x), 1)
#else
#define SVM_UNLIKELY(x) (x)
#define SVM_LIKELY(x) (x)
#endif

/* ------------------------------------------------------------ faults */

typedef enum svm_fault {
    SVM_FAULT_NONE = 0,
    SVM_FAULT_WRONG_KIND,
    SVM_FAULT_DIV_ZERO,
    SVM_FAULT_STACK_OVERFLOW,
    SVM_FAULT_STACK_UNDERFLOW,
    SVM_FAULT_HEAP_EXHAUSTED,
    SVM_FAULT_ILLEGAL,
    SVM_FAULT_NO_MATCH,
    SVM_FAULT_FLOAT_RANGE,
    SVM_FAULT_BUDGET,
    SVM_FAULT_CONTEXTS,  /* spawn with every context slot in use */
    SVM_FAULT_HEARTBEAT, /* no scheduling point within the heartbeat period */
    SVM_FAULT_DEADLOCK,  /* every remaining context blocked on the container's own channels */
    SVM_FAULT_EVENT_SIZE, /* an event of more than SVM_EVENT_NODES choices and wraps */
    SVM_FAULT_IO_ENTRY,   /* bind: no such entry in the container's IO table */
    SVM_FAULT_IO_DIRECTION, /* a send on a receiving end, or a receive on a sending end */
    SVM_FAULT_MESSAGE,      /* a message holding a closure, a channel or an event */
    SVM_FAULT_MESSAGE_SIZE, /* a message of more cells than its port's MAX_CELLS */
    SVM_FAULT_BYTE_RANGE    /* a UART send of an int outside 0..255 */
} svm_fault;

/* What a wrong-kind fault expected: an svm_kind, or one of these. */
#define SVM_EXPECT_CONSTRUCTOR 0xffu
#define SVM_EXPECT_EVENT 0xfeu

/* Most nodes (base events, choices, wraps) one sync may walk: bounds the
 * work of a sync, which is an instruction. */
#define SVM_EVENT_NODES 256u

typedef struct svm_fault_info {
    svm_fault code;
    uint32_t pc;       /* code offset of the faulting instruction */
    uint32_t expected; /* wrong kind: the kind expected */
    svm_value value;   /* wrong kind: the value found */
} svm_fault_info;

/* -------------------------------------------------------------- heap */

typedef struct svm_cell {
    svm_value car;
    svm_value cdr;
} svm_cell;

/* Cell 0 is never allocated: index 0 means "none" in the free list and in
 * the collector's pointer reversal. */
typedef struct svm_heap {
    svm_cell *cells;
    uint32_t ncells; /* including the reserved cell 0 */
    uint32_t *mark;  /* one bit per cell */
    uint32_t *flip;  /* one bit per cell: which field the marker is in */
    uint32_t free;   /* head of the free list, 0 when empty */
    uint32_t fresh;  /* cells from here on were never used: no sweep, no page touched */
    uint32_t collections;
    uint32_t high_water; /* most cells found live by a collection (or allocated before the first) */
} svm_heap;

/* A collection in progress: a resumable state machine, run a bounded
 * number of steps at a time (svm_gc_step), so that a collection of any
 * heap never holds the processor longer than one slice of steps. */
typedef enum svm_gc_phase { SVM_GC_IDLE = 0, SVM_GC_MARK, SVM_GC_SWEEP } svm_gc_phase;

typedef struct svm_gc {
    uint32_t phase;
    uint32_t root_context; /* next root: context index ... */
    uint32_t root_slot;    /* ... and stack slot (sp = its env) */
    uint32_t cur, prev;    /* pointer reversal: the cell visited, the path back */
    uint32_t sweep_word;   /* next bitmap word to sweep */
    uint32_t sweep_tail;   /* last cell threaded onto the new free list */
    uint32_t live;         /* cells marked so far */
} svm_gc;

/* ---------------------------------------------------------- contexts */

typedef enum svm_context_state {
    SVM_CTX_FREE = 0, /* the slot is unused */
    SVM_CTX_READY,    /* in the ready queue, or the container's current context */
    SVM_CTX_SLEEPING, /* until wake_at */
    SVM_CTX_BLOCKED   /* in a sync (events: a later issue), maybe also until wake_at */
} svm_context_state;

typedef struct svm_context {
    svm_value env;
    svm_value *stack;
    uint64_t wake_at;     /* ns: SLEEPING (or a timed BLOCKED) until then */
    uint64_t logical;     /* ns: logical time (synct's baseline) */
    uint64_t deadline;    /* ns: when has_deadline */
    uint64_t ready_since; /* ns: when a wake-up made it ready */
    uint64_t sync_start;  /* ns: when its current sync started (its `after` events count from it) */
    int32_t id;           /* 0 for the first context, then spawn order */
    uint32_t sp;          /* number of values on the stack */
    uint32_t pc;          /* code offset of the next instruction */
    uint32_t block_seq;   /* BLOCKED: when it blocked (offers match oldest first) */
    uint16_t next;        /* ready queue link: index + 1, 0 = none */
    uint16_t timeout_base; /* BLOCKED with has_timeout: the after event that commits at wake_at */
    uint8_t state;
    uint8_t has_deadline;
    uint8_t woken;       /* became ready by a wake-up: its wait counts as latency */
    uint8_t has_timeout; /* BLOCKED until wake_at at the latest */
    uint8_t waits_io;    /* BLOCKED with a receive on a port or device: not a deadlock */
    uint8_t released;    /* synct: its release time has come, the sync is next */
    uint8_t resync;      /* its sync runs again (after a collection or an input): from sync_start */
} svm_context;

/* -------------------------------------------------------- containers */

typedef enum svm_container_state {
    SVM_CONTAINER_EMPTY = 0, /* no program loaded */
    SVM_CONTAINER_READY,     /* has contexts: running, ready, sleeping or blocked */
    SVM_CONTAINER_DONE,      /* every context stopped */
    SVM_CONTAINER_STOPPED,   /* stopped by its fault policy or restart limit */
    SVM_CONTAINER_REJECTED   /* its image was refused: it never ran */
} svm_container_state;

typedef enum svm_fault_policy {
    SVM_POLICY_STOP = 0,
    SVM_POLICY_RESTART,
    SVM_POLICY_ESCALATE
} svm_fault_policy;

/* ------------------------------------------------------------- ports */

/* A port carries messages from one container to another (queuing: a
 * bounded FIFO that drops when full; sampling: the latest value and its
 * age).  A message is a deep copy held in the port's own cells, whose
 * pointers are indices into the message's cells, never into a heap. */
typedef enum svm_port_kind { SVM_PORT_QUEUING = 0, SVM_PORT_SAMPLING = 1 } svm_port_kind;

typedef struct svm_port_message {
    uint64_t time;  /* ns: when it was sent */
    svm_value root; /* the value; a pointer kind's payload is a cell of the message */
    uint32_t ncells;
    uint32_t unused;
} svm_port_message;

typedef struct svm_port_config {
    const char *name;
    svm_port_message *messages; /* depth of them (sampling: 1) */
    svm_cell *cells;            /* depth x max_cells: message k's cells from k x max_cells */
    uint32_t *map;              /* max_cells: scratch of a copy into a heap */
    uint32_t from, to;          /* container indices */
    uint32_t depth;             /* messages (sampling: 1) */
    uint32_t max_cells;         /* cells a message may have */
    uint32_t kind;              /* svm_port_kind */
} svm_port_config;

typedef struct svm_port {
    const svm_port_config *cfg;
    uint64_t sent, delivered, dropped;
    uint32_t head;  /* queuing: the oldest message */
    uint32_t count; /* messages held (sampling: 0 or 1) */
} svm_port;

/* ----------------------------------------------------------- devices */

/* A device of the board, owned by exactly one container (the product's
 * Kconfig says which): outputs are written through the HAL, inputs arrive
 * from the HAL's interrupt handlers (svm_device_input) into a small queue
 * of the device's own, and the owner's contexts receive them. */
typedef enum svm_device_kind {
    SVM_DEVICE_LED = 0,    /* send: the level (an int or bool, 0 = off) */
    SVM_DEVICE_BUTTON = 1, /* receive: edges, 1 press and 0 release */
    SVM_DEVICE_UART = 2,   /* send: a byte; receive: the bytes received */
    SVM_DEVICE_SENSOR = 3  /* receive: the latest reading, never waits */
} svm_device_kind;

typedef struct svm_device_config {
    const char *name; /* as in Kconfig: "LED0", "BUTTON1" */
    int32_t *queue;   /* depth inputs not yet received (NULL for an LED) */
    uint32_t kind;    /* svm_device_kind */
    uint32_t unit;    /* the board's number of it: LED2 is unit 2 */
    uint32_t owner;   /* container index */
    uint32_t depth;   /* of the queue */
} svm_device_config;

typedef struct svm_device {
    const svm_device_config *cfg;
    volatile uint32_t head;  /* the oldest input in the queue */
    volatile uint32_t count; /* inputs queued */
    volatile int32_t latest; /* a sensor's reading; an LED's level */
    volatile uint32_t pending; /* inputs arrived since the scheduler looked */
    uint32_t dropped;        /* inputs lost to a full queue */
    uint32_t writes;         /* values written (an LED's changes, a UART's bytes) */
} svm_device;

/* An entry of a container's IO table: what `bind` connects a channel to. */
typedef enum svm_io_direction { SVM_IO_SEND = 0, SVM_IO_RECV = 1, SVM_IO_BOTH = 2 } svm_io_direction;
typedef enum svm_io_kind { SVM_IO_PORT = 0, SVM_IO_DEVICE = 1 } svm_io_kind;

typedef struct svm_io_entry {
    const char *name;
    uint16_t index;    /* in vm->ports or vm->devices */
    uint8_t direction; /* svm_io_direction: this container's end */
    uint8_t kind;      /* svm_io_kind */
} svm_io_entry;

/* The product's fixed description of a container and its storage, emitted
 * by the generator (const: in flash on an MCU). */
typedef struct svm_container_config {
    const char *name;
    svm_cell *heap_cells;
    uint32_t *mark_bits;
    uint32_t *flip_bits;
    svm_value *stack; /* ncontexts x stack_depth values */
    svm_context *contexts;
    const uint8_t *image; /* the embedded program, or NULL */
    const svm_io_entry *io; /* its IO table (devices and ports), in the interface's order */
    uint32_t nio;
    uint32_t image_size;
    uint32_t heap_ncells;  /* including the reserved cell 0 */
    uint32_t stack_depth;  /* values per context */
    uint32_t ncontexts;    /* most contexts alive at once */
    uint32_t budget;       /* branch points per budget period, 0 = unlimited */
    uint32_t budget_period_us; /* 0: the budget covers the whole run */
    uint32_t restart_limit;    /* restarts within restart_period_us, then stopped */
    uint32_t restart_period_us;
    uint32_t heartbeat_us; /* 0 = no heartbeat */
    uint32_t print_limit;  /* values one print writes at most */
    uint8_t criticality;   /* 0..7, higher runs first */
    uint8_t fault_policy;  /* svm_fault_policy */
} svm_container_config;

#define SVM_LINE_BUFFER 96
#define SVM_MESSAGE_SIZE 160

struct svm_vm;

typedef struct svm_container {
    const svm_container_config *cfg;
    struct svm_vm *vm;
    const uint8_t *image; /* the verified image it runs (a restart installs it again) */
    const uint8_t *code;
    svm_heap heap;
    svm_gc gc;
    uint32_t gc_need;     /* cells the instruction a collection runs for needs (0: one); fewer free after
                           * it is `heap exhausted` (a port's message larger than the free heap) */
    svm_fault_info fault;
    /* time, ns since the VM started */
    uint64_t period_start;  /* of the current budget period */
    uint64_t progress_at;   /* the last scheduling point of its own (heartbeat) */
    uint64_t restart_window; /* start of the current restart period */
    uint64_t turn;           /* when it was last picked: equal criticality takes turns */
    uint64_t next_wake;      /* earliest wake_at of its sleeping contexts, UINT64_MAX: none */
    /* statistics (the report) */
    uint64_t instructions;
    uint64_t branch_points;        /* in the whole run */
    uint64_t period_branch_points; /* in the current budget period */
    uint64_t gc_steps;
    uint64_t max_latency_ns;
    uint32_t image_size;
    uint32_t code_size;
    uint32_t entry;
    uint32_t id;
    svm_container_state state;
    uint32_t budget;       /* branch points per period, 0 = unlimited */
    uint32_t stack_depth;  /* per context (the host may lower it) */
    uint32_t stack_guard;  /* the loader's guard: values of () below each context's stack (1 + the
                              largest slot operand, docs/bytecode.md), taken from its stack_depth */
    uint32_t stack_room;   /* stack_depth - stack_guard: the values a context's stack holds */
    uint32_t faults;
    uint32_t restarts;
    uint32_t restarts_in_window;
    uint32_t heartbeat_misses;
    uint32_t budget_overruns;
    uint32_t deadline_misses;
    uint32_t port_drops;    /* its messages a full queuing port dropped */
    int32_t next_context_id;
    uint32_t block_counter; /* blocks so far: each blocked context's block_seq */
    volatile uint32_t ilimit;   /* the running slice ends at the first preemption point after this many instructions */
    uint32_t slice_left;        /* branch points left of the last slice */
    uint32_t slice_instructions; /* instructions the last svm_interp call executed */
    uint32_t branch_pc;         /* the branch at which the last slice ended */
    uint32_t sleep_us;          /* what the last `sleep` asked for */
    uint16_t current;    /* index + 1 of the context that runs next (cooperative), 0 = none */
    uint16_t ready_head; /* FIFO of ready contexts, index + 1, 0 = empty */
    uint16_t ready_tail;
    uint16_t live_contexts;
    /* console: one line is built here, then written through the HAL */
    uint32_t line_len;
    char line[SVM_LINE_BUFFER];
    char message[SVM_MESSAGE_SIZE]; /* why it was rejected or faulted */
} svm_container;

typedef enum svm_clock { SVM_CLOCK_REAL = 0, SVM_CLOCK_VIRTUAL } svm_clock;

typedef struct svm_vm {
    svm_container *containers;
    svm_port *ports;
    svm_device *devices;
    uint32_t *verify_bits;    /* loader scratch: one bit per code byte */
    uint64_t vclock_ns;       /* the virtual clock */
    uint64_t start_ns;        /* the HAL's time when svm_vm_start ran */
    uint64_t now_ns;          /* the scheduler's last reading of the clock, since the start */
    uint64_t turns;           /* containers picked so far */
    uint32_t ncontainers;
    uint32_t nports;
    uint32_t ndevices;
    volatile uint32_t device_pending; /* a device input arrived: the scheduler wakes its owner */
    uint32_t quantum;         /* branch points per scheduling slice */
    uint32_t verify_capacity; /* largest code size the scratch covers */
    uint32_t gc_slice;        /* collector steps per slice */
    uint32_t max_straight_run; /* instructions an image may run without a preemption point */
    uint32_t ns_per_instruction; /* the virtual clock's rate */
    uint32_t clock;           /* svm_clock */
    uint32_t escalated;       /* a container escalated: the VM must reset */
    uint32_t inputs_end;      /* the HAL says no input can come any more (the host's event script has
                               * ended): a run without an end that only an input could go on with is idle */
    volatile uint32_t preempt; /* set by svm_vm_preempt: the scheduler must look at the clock again */
    svm_container * volatile running; /* the container in svm_interp, or NULL */
} svm_vm;

/* ------------------------------------------------------------ the API */

/* Set every container of the VM to its configured storage and load its
 * embedded program, if any.  A rejected program leaves its container
 * REJECTED with the reason in c->message; the others are unaffected. */
void svm_vm_init(svm_vm *vm);

/* Check an image without changing anything: 0, or -1 with the reason in
 * why ("image rejected: ..."). */
int svm_image_verify(svm_vm *vm, const uint8_t *image, uint32_t size, char *why, uint32_t why_size);

/* Verify an image, then make it the container's program and start it
 * afresh (heap, contexts; the image must stay valid while it runs).  A
 * rejected image changes nothing in a container that has a program: it
 * returns -1 with the reason in why.  A container without a program
 * becomes REJECTED, with the reason in c->message too. */
int svm_container_load(svm_vm *vm, svm_container *c, const uint8_t *image, uint32_t size, char *why,
                       uint32_t why_size);

/* Take a container's program away: it is EMPTY and never runs. */
void svm_container_unload(svm_container *c);

/* Restrict a container's heap or stacks to fewer cells/values than it was
 * built with (host testing); values above the configured size are
 * refused with -1. Call before svm_container_load. */
int svm_container_limit(svm_container *c, uint32_t heap_cells, uint32_t stack_depth);

/* Start the clock (time 0) and the HAL's tick. */
void svm_vm_start(svm_vm *vm, svm_clock clock);

typedef enum svm_vm_status {
    SVM_VM_IDLE,     /* nothing can run any more: every container ended */
    SVM_VM_TIME,     /* the time limit was reached */
    SVM_VM_ESCALATED /* a container's fault policy asked for a reset of the VM */
} svm_vm_status;

/* Run the containers: the highest-criticality ready one runs, equal
 * criticality takes turns by quantum; sleep in the HAL when nothing is
 * ready.  Until `until_ns` of the VM's clock (0: no limit). */
svm_vm_status svm_vm_run(svm_vm *vm, uint64_t until_ns);

/* Nanoseconds since svm_vm_start on the VM's clock. */
uint64_t svm_vm_now(svm_vm *vm);

/* One line describing why a container faulted ("fault at pc 12: ...").
 * Written into c->message, which is returned. */
const char *svm_container_describe_fault(svm_container *c);

/* What the container reports as its state: "running", "done", "stopped",
 * "rejected", "empty". */
const char *svm_container_state_name(const svm_container *c);
/* The deadline misses of c by `now`: those counted when a synct's event
 * committed after its deadline, and, while c runs, its contexts whose
 * deadline has passed with their event not committed yet (a control loop
 * starved of input misses, though it never commits).  For reports. */
uint32_t svm_container_deadline_misses(const svm_container *c, uint64_t now);

/* Most cells live at once (found by a collection, or allocated before the first). */
uint32_t svm_heap_high_water(const svm_heap *h);

/* ------------------------------------------- what the HAL is told about */

typedef enum svm_event_kind {
    SVM_EVENT_RUN,       /* a container ran: t_ns .. t_ns + dur_ns, `instructions` */
    SVM_EVENT_COLLECT,   /* a slice of collection */
    SVM_EVENT_WAKE,      /* a context became ready by a wake-up */
    SVM_EVENT_FAULT,     /* a fault; message says what and what the policy did */
    SVM_EVENT_RESTART,   /* the container restarts */
    SVM_EVENT_STOP,      /* the policy stopped it */
    SVM_EVENT_ESCALATE   /* the policy asks for a reset of the VM */
} svm_event_kind;

typedef struct svm_event {
    const svm_container *c;
    const char *message; /* health events: the whole line after the container's name */
    uint64_t t_ns;
    uint64_t dur_ns;
    uint64_t instructions;
    svm_event_kind kind;
} svm_event;

/* ------------------------------------------------ internal interfaces */

typedef enum svm_run_status {
    SVM_RUN_STOPPED, /* the context executed stop */
    SVM_RUN_QUANTUM, /* its slice ended at a preemption point: it goes on later */
    SVM_RUN_FAULT,   /* c->fault says why */
    SVM_RUN_YIELD,   /* the context yields */
    SVM_RUN_SLEEP,   /* the context sleeps c->sleep_us */
    SVM_RUN_COLLECT, /* the heap must be collected; the instruction runs again after */
    SVM_RUN_BLOCK    /* the context blocked (sync) or waits for its release (synct): its state says */
} svm_run_status;

/* sync and synct (core/svm_event.c), called by the interpreter with the
 * registers saved in ctx (pc at the instruction, `next` the offset after
 * it) and `now` the slice's time.  On SVM_RUN_QUANTUM the sync committed:
 * ctx->env, sp and pc are the context's registers to go on with (pc: the
 * next instruction, or the first wrap function); SVM_RUN_BLOCK: it
 * blocked; SVM_RUN_COLLECT: a free cell is needed first, nothing changed;
 * SVM_RUN_FAULT: c->fault says why. */
svm_run_status svm_sync(svm_container *c, svm_context *ctx, uint32_t next, uint64_t now);
svm_run_status svm_synct(svm_container *c, svm_context *ctx, uint32_t next, uint64_t now);

/* A blocked context's timeout is due: its after event commits.  0, or -1
 * when a free cell is needed first (collect, then again), or -2 after a
 * fault of the container. */
int svm_event_timeout(svm_container *c, svm_context *ctx, uint64_t now);

/* A blocked context is ready again (a partner's commit or its timeout):
 * to the back of the ready queue, its wait from t counted as latency. */
void svm_vm_wake(svm_container *c, svm_context *ctx, uint64_t t);

/* Devices (core/svm_device.c).  An input from a device (a button edge, a
 * received byte, a sensor reading): safe to call from an interrupt
 * handler; queued for the owner (a full queue drops it and counts it) and
 * the owner woken at the scheduler's next look.  The device's index in
 * vm->devices, which svm_device_find gives by name (-1: no such device). */
void svm_device_input(svm_vm *vm, uint32_t device, int32_t value);
int svm_device_find(const svm_vm *vm, const char *name);
/* The scheduler: wake the owners of devices with new inputs. */
void svm_device_poll(svm_vm *vm, uint64_t now);
/* A receive: the next input (a sensor: its latest reading) into *value;
 * 0 when there is none. */
int svm_device_take(svm_device *d, int32_t *value);
/* A send: write v (an int; an LED also takes a bool) to an output device,
 * tracing an LED's change; 0, or the fault (c->fault's expected and value
 * set for it). */
svm_fault svm_device_write(svm_container *c, svm_device *d, svm_value v, uint64_t now);
/* Empty every device's queue and counters (svm_vm_init). */
void svm_devices_reset(svm_vm *vm);
/* An input arrived for IO entry kind/index (a port or a device): r's
 * contexts blocked with a receive on it sync again (core/svm_event.c). */
void svm_io_wake(svm_container *r, uint32_t kind, uint32_t index, uint64_t now);

/* Ports (core/svm_port.c).  A value goes into port p's next free message
 * (a deep copy, no C recursion: the message's own cells are the copy's
 * queue); 0, or the fault.  A full queuing port drops it (counted). */
svm_fault svm_port_send(svm_container *sender, svm_port *p, svm_value v, uint64_t now);
/* Cells a receive from p needs in the receiver's heap (its next message,
 * plus one for a sampling port's (value, age) pair); 0 when it has none. */
uint32_t svm_port_cells_needed(const svm_port *p, int *available);
/* Take p's next message into the receiver's heap (the caller made sure
 * of the cells): the value (queuing) or (value, age in us) (sampling). */
svm_value svm_port_receive(svm_container *receiver, svm_port *p, uint64_t now);

/* The slice's time after `icount` instructions (the virtual clock's exact
 * instant, or the HAL's clock). */
uint64_t svm_slice_now(const svm_container *c, uint32_t icount);

/* The interpreter (generated from the ISA table): runs one context for at
 * most `quantum` branch points, ending at the first preemption point
 * after c->ilimit instructions (which a preempt request sets to 0).  ctx
 * must be c's current context (c->current), which the interpreter reads
 * again from there when it leaves. */
svm_run_status svm_interp(svm_container *c, svm_context *ctx, uint32_t quantum);

/* Ask the running container (if any) to end its slice at its next
 * preemption point: for the HAL's tick and interrupts. */
void svm_vm_preempt(svm_vm *vm);

/* Start a container's program afresh from its verified image: a fresh
 * heap, one context at the entry (svm_container_load and restarts). */
void svm_container_reset(svm_container *c);

/* spawn: a new context with env and code offset pc at the back of the
 * ready queue; its id.  The caller has checked that a slot is free.
 * `icount` instructions of the current slice have run (its logical time). */
int32_t svm_context_spawn(svm_container *c, svm_value env, uint32_t pc, uint32_t icount);

void svm_heap_init(svm_heap *h, svm_cell *cells, uint32_t ncells, uint32_t *mark, uint32_t *flip);
/* Free cells now: the free list and the never-used ones (for statistics:
 * walks the free list). */
uint32_t svm_heap_free_cells(const svm_heap *h);
/* Free cells available, counted up to n (the free list, then the never
 * used ones), and taking one: for instructions that must know they can
 * allocate before they change anything (sync, receive). */
uint32_t svm_heap_available(const svm_heap *h, uint32_t n);
uint32_t svm_heap_take(svm_heap *h);
/* Begin a collection of the container's heap (its roots: every live
 * context's env and stack). */
void svm_gc_begin(svm_container *c);
/* Run at most *steps bounded steps of the collection in progress, taking
 * them from *steps; 1 when the collection has finished. */
int svm_gc_step(svm_container *c, uint32_t *steps);

/* Write v and a newline to the container's console; the number of values
 * written (the virtual clock charges one instruction each). */
uint32_t svm_print_line(svm_container *c, svm_value v);

const char *svm_fault_reason(svm_fault f);

uint32_t svm_crc32(const uint8_t *data, uint32_t size);

/* The virtual clock's charge for one collector step, in instructions: a
 * step costs about as many machine instructions as five VM instructions
 * (bench/sched.py measures both). */
#define SVM_GC_STEP_COST 5u

#endif
