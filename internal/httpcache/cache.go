// Package httpcache keeps whole GET responses in memory and serves them again
// while the data they were made from is unchanged. Day pages and API answers
// are read far more often than papers change, and rendering one from the
// database costs a hundred times more than writing it from memory.
//
// Freshness is the store's data version (a counter every write transaction
// increments): the cache reads it every Poll interval, so a change made by
// any process, another server or an import, shows within that interval.
// Entries also expire after MaxAge, because some pages depend on the clock
// (trending, "today").
package httpcache

import (
	"container/list"
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Options tune a Cache.
type Options struct {
	MaxAge   time.Duration // default 30s
	MaxBytes int64         // default 64 MiB of bodies
	Poll     time.Duration // how often Watch reads the version; default 1s
	// VersionTimeout bounds one read of the version; default 5s. A
	// database that does not answer in time is away: cached answers are
	// served stale.
	VersionTimeout time.Duration
	// SessionCookie names the cookie that makes a request personal: it
	// bypasses the cache. Empty: any cookie does.
	SessionCookie string
	Log           *slog.Logger
	Now           func() time.Time
}

// Cache is an in-memory response cache. It is safe for concurrent use.
type Cache struct {
	version func(context.Context) (int64, error)
	opts    Options
	current atomic.Int64
	// stale is set while the data version cannot be read: the database is
	// away, and what is cached is served as it is (see Refresh).
	stale atomic.Bool

	mu       sync.Mutex
	entries  map[string]*list.Element // of *entry, most recently used first
	lru      *list.List
	bytes    int64
	inflight map[string]*call
}

type entry struct {
	key     string
	version int64
	made    time.Time
	resp    *response
}

// call is a response being made, which concurrent requests for the same key wait for.
type call struct {
	done chan struct{}
	resp *response
}

// New returns a cache whose freshness is the value version returns.
func New(version func(context.Context) (int64, error), opts Options) *Cache {
	if opts.MaxAge <= 0 {
		opts.MaxAge = 30 * time.Second
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = 64 << 20
	}
	if opts.Poll <= 0 {
		opts.Poll = time.Second
	}
	if opts.VersionTimeout <= 0 {
		opts.VersionTimeout = 5 * time.Second
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	c := &Cache{version: version, opts: opts, entries: map[string]*list.Element{}, lru: list.New(), inflight: map[string]*call{}}
	c.current.Store(-1) // nothing is fresh until the first read
	return c
}

// Watch reads the data version now and every Poll until ctx ends.
func (c *Cache) Watch(ctx context.Context) {
	t := time.NewTicker(c.opts.Poll)
	defer t.Stop()
	for {
		c.Refresh(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Refresh reads the data version once. While it cannot be read (the
// database is away), every cached response is served as it is, marked
// stale, whatever its version and age: a reader gets the page as it was a
// moment ago rather than an error. The first good read ends that.
func (c *Cache) Refresh(ctx context.Context) {
	vctx, cancel := context.WithTimeout(ctx, c.opts.VersionTimeout)
	v, err := c.version(vctx)
	cancel()
	if err != nil {
		if ctx.Err() == nil && !c.stale.Swap(true) {
			c.opts.Log.Warn("response cache: reading the data version failed; serving cached answers as they are", slog.Any("error", err))
		}
		return
	}
	if c.stale.Swap(false) {
		c.opts.Log.Info("response cache: the data version can be read again")
	}
	c.current.Store(v)
}

// get returns a cached response for key, nil if there is none it may
// serve, and whether it is served stale.
func (c *Cache) get(key string) (resp *response, stale bool) {
	v := c.current.Load()
	if v < 0 {
		return nil, false
	}
	stale = c.stale.Load()
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*entry)
	if !stale && (e.version != v || c.opts.Now().Sub(e.made) > c.opts.MaxAge) {
		c.remove(el)
		return nil, false
	}
	c.lru.MoveToFront(el)
	return e.resp, stale
}

// put stores a response made at version v.
func (c *Cache) put(key string, v int64, resp *response) {
	size := int64(len(resp.body)) + int64(len(key))
	if v < 0 || size > c.opts.MaxBytes/8 {
		return // unknown freshness, or one response would crowd out the rest
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		c.remove(el)
	}
	c.entries[key] = c.lru.PushFront(&entry{key: key, version: v, made: c.opts.Now(), resp: resp})
	c.bytes += size
	for c.bytes > c.opts.MaxBytes {
		c.remove(c.lru.Back())
	}
}

func (c *Cache) remove(el *list.Element) {
	e := el.Value.(*entry)
	c.lru.Remove(el)
	delete(c.entries, e.key)
	c.bytes -= int64(len(e.resp.body)) + int64(len(e.key))
}

// Len is the number of cached responses.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}
