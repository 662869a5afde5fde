package arxiv

import (
	"context"
	"time"
)

// Checkpoint is how far an OAI-PMH harvest of one set and metadata format
// has got. It is saved after every page, once the page's records are
// stored, so that an interrupted harvest resumes where it stopped.
type Checkpoint struct {
	Key            string // CheckpointKey(Set, MetadataPrefix)
	Set            string
	MetadataPrefix string
	// From and Until are the bounds the current (or last) harvest asked
	// for; a harvest whose resumption token is refused restarts from From.
	From, Until string
	// ResumptionToken is set while a harvest is under way, empty once it
	// has finished.
	ResumptionToken string
	// NextFrom (YYYY-MM-DD) is where the next incremental harvest starts:
	// the day the current or last harvest began, taken from arXiv's
	// responseDate of its first page. It is meaningful only when
	// ResumptionToken is empty.
	NextFrom string
	// ListStarted (YYYY-MM-DD) is the day of the current list's first
	// response; it becomes NextFrom when the list completes, if the list
	// covered everything since the previous NextFrom.
	ListStarted string
	// Records and Pages count what the current (or last) harvest has read,
	// across interruptions.
	Records, Pages int
	UpdatedAt      time.Time
}

// CheckpointStore keeps harvest checkpoints.
type CheckpointStore interface {
	// LoadCheckpoint returns the checkpoint saved under key, or an error
	// wrapping paper.ErrNotFound when there is none.
	LoadCheckpoint(ctx context.Context, key string) (Checkpoint, error)
	// SaveCheckpoint creates or replaces the checkpoint under cp.Key.
	SaveCheckpoint(ctx context.Context, cp Checkpoint) error
}

// CheckpointKey is the key a harvest of set in metadataPrefix is saved under.
func CheckpointKey(set, metadataPrefix string) string {
	return set + "/" + metadataPrefix
}
