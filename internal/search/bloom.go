package search

// Bloom is a Bloom filter of the terms of a segment: a search asks it
// before reading a page, and skips the segments that surely lack a word. A
// rare word, or a whole title, is then one page read in all, not one in
// every segment. Its first byte is the number of hash functions, the rest
// the bits; an empty or malformed filter answers "maybe" to everything.
type Bloom []byte

// bloomBitsPerTerm and bloomHashes give about one false "maybe" in a
// hundred.
const (
	bloomBitsPerTerm = 10
	bloomHashes      = 7
)

// Bloom returns a filter of every term in b.
func (b *Builder) Bloom() Bloom {
	terms := make([]string, 0, len(b.lists))
	for t := range b.lists {
		terms = append(terms, t)
	}
	return bloomOf(terms)
}

func bloomOf(terms []string) Bloom {
	f := NewBloom(len(terms))
	for _, t := range terms {
		f.add(t)
	}
	return f
}

// NewBloom returns an empty filter sized for n words.
func NewBloom(n int) Bloom {
	nbits := max(64, bloomBitsPerTerm*n)
	f := make(Bloom, 1+(nbits+7)/8)
	f[0] = bloomHashes
	return f
}

// BloomWords is about how many words filters of size bytes in all (as
// NewBloom makes them) were sized for.
func BloomWords(size int64) int { return int(max(0, size*8/bloomBitsPerTerm)) }

// bloomHash gives the two hashes the filter's positions are made from:
// FNV-1a, written out so that asking costs no allocation.
func bloomHash(term string) (h1, h2 uint64) {
	h := uint64(14695981039346656037)
	for i := 0; i < len(term); i++ {
		h ^= uint64(term[i])
		h *= 1099511628211
	}
	return h, h>>32 | 1
}

func (f Bloom) add(term string) {
	nbits := uint64(len(f)-1) * 8
	h1, h2 := bloomHash(term)
	for i := range uint64(f[0]) {
		bit := (h1 + i*h2) % nbits
		f[1+bit/8] |= 1 << (bit % 8)
	}
}

// MayHave says whether the segment may have term: false is certain.
func (f Bloom) MayHave(term string) bool {
	if len(f) < 2 || f[0] == 0 || f[0] > 32 {
		return true
	}
	nbits := uint64(len(f)-1) * 8
	h1, h2 := bloomHash(term)
	for i := range uint64(f[0]) {
		bit := (h1 + i*h2) % nbits
		if f[1+bit/8]&(1<<(bit%8)) == 0 {
			return false
		}
	}
	return true
}
