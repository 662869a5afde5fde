package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// hangUps asks n times for a page no one has asked for yet, as a browser
// that takes gzip, and hangs up at once, mid-render; then asks for the same
// page properly. It returns how many of those answers were empty: the
// hang-up's nothing, kept by the response cache.
func hangUps(addr, path string, n int) (empty int, err error) {
	client := &http.Client{Timeout: 10 * time.Second}
	for i := range n {
		u := fmt.Sprintf("%s?hangup=%d-%d", path, time.Now().UnixNano(), i)
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return empty, err
		}
		fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nAccept-Encoding: gzip\r\n\r\n", u, addr)
		time.Sleep(time.Duration(i%10) * 300 * time.Microsecond)
		c.(*net.TCPConn).SetLinger(0) // a reset, as a closed tab sends
		c.Close()
		time.Sleep(20 * time.Millisecond)
		resp, err := client.Get("http://" + addr + u)
		if err != nil {
			return empty, err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if len(b) == 0 {
			empty++
		}
	}
	return empty, nil
}
