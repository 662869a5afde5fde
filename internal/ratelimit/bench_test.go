package ratelimit

import (
	"strconv"
	"testing"
	"time"
)

func BenchmarkAllow(b *testing.B) {
	b.Run("one key", func(b *testing.B) {
		l := New(Rule{Burst: 10, Per: time.Minute}, nil)
		for b.Loop() {
			l.Allow("203.0.113.7")
		}
	})
	b.Run("many keys", func(b *testing.B) {
		l := New(Rule{Burst: 10, Per: time.Minute}, nil)
		keys := make([]string, 50_000)
		for i := range keys {
			keys[i] = "user-" + strconv.Itoa(i)
		}
		i := 0
		for b.Loop() {
			l.Allow(keys[i%len(keys)])
			i++
		}
	})
	b.Run("parallel", func(b *testing.B) {
		l := New(Rule{Burst: 10, Per: time.Minute}, nil)
		b.RunParallel(func(pb *testing.PB) {
			for i := 0; pb.Next(); i++ {
				l.Allow(strconv.Itoa(i % 1000))
			}
		})
	})
}
