package mail

import (
	"net"
	"sync"
)

// connHolder keeps a session's network connection so that a cancelled
// context can close it from another goroutine: go-mail takes no context
// once connected, and closing is what interrupts a blocked read or write.
type connHolder struct {
	mu     sync.Mutex
	conn   net.Conn
	closed bool
}

// set records c, or closes it if the holder was closed while dialling.
func (h *connHolder) set(c net.Conn) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		c.Close()
		return net.ErrClosed
	}
	h.conn = c
	return nil
}

func (h *connHolder) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	if h.conn != nil {
		h.conn.Close()
	}
}
