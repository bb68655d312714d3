package httpserver

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/reseau-bxl/reseau/internal/httperr"
	"github.com/reseau-bxl/reseau/internal/limits"
	"github.com/reseau-bxl/reseau/internal/reseau"
)

// Bounds of the import jobs a server keeps.
const (
	// ImportJobTTL is how long a finished job stays readable.
	ImportJobTTL = time.Hour
	// MaxImportJobs is the most jobs kept, running and finished; a new
	// job evicts the oldest finished one, and is refused when all run.
	MaxImportJobs = 32
)

// importJobsPath is the route of the jobs: GET importJobsPath + id.
const importJobsPath = limits.ImportPath + "/jobs/"

// preferAsync reports whether the client asks for an import job
// (RFC 7240 "Prefer: respond-async").
func preferAsync(r *http.Request) bool {
	for _, v := range r.Header.Values("Prefer") {
		for p := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(strings.SplitN(p, ";", 2)[0]), "respond-async") {
				return true
			}
		}
	}
	return false
}

// importJob is an import running after its request was answered 202.
type importJob struct {
	id      string
	subject string // who started it: only they, and admins, may read it
	started time.Time

	mu          sync.Mutex
	done, total int
	finished    time.Time // zero while running
	status      int       // the status the synchronous import would answer
	result      []byte    // and its body
}

// jobView is the JSON of GET /import/jobs/{id}.
type jobView struct {
	ID       string          `json:"id"`
	State    string          `json:"state"` // running, done or failed
	Done     int             `json:"done"`  // rows written so far
	Total    int             `json:"total"` // rows of the dataset, once read
	Started  time.Time       `json:"started"`
	Finished *time.Time      `json:"finished,omitempty"`
	Status   int             `json:"status,omitempty"` // the synchronous import's status
	Result   json.RawMessage `json:"result,omitempty"` // and its answer
}

func (j *importJob) view() jobView {
	j.mu.Lock()
	defer j.mu.Unlock()
	v := jobView{ID: j.id, State: "running", Done: j.done, Total: j.total, Started: j.started}
	if !j.finished.IsZero() {
		f := j.finished
		v.Finished, v.Status, v.Result = &f, j.status, j.result
		v.State = "done"
		if j.status >= 300 {
			v.State = "failed"
		}
	}
	return v
}

// importJobs are the jobs of a server, and the context they run under.
type importJobs struct {
	mu      sync.Mutex
	jobs    map[string]*importJob
	running sync.WaitGroup
	ctx     context.Context // the server's lifetime; nil: Background
	cancel  context.CancelCauseFunc
}

// add registers a new job for subject, evicting expired and, at the
// bound, the oldest finished job; nil when MaxImportJobs are running.
func (js *importJobs) add(subject string, now time.Time) *importJob {
	js.mu.Lock()
	defer js.mu.Unlock()
	if js.jobs == nil {
		js.jobs = map[string]*importJob{}
	}
	var finished []*importJob
	for id, j := range js.jobs {
		j.mu.Lock()
		f := j.finished
		j.mu.Unlock()
		switch {
		case f.IsZero():
		case now.Sub(f) > ImportJobTTL:
			delete(js.jobs, id)
		default:
			finished = append(finished, j)
		}
	}
	if len(js.jobs) >= MaxImportJobs {
		if len(finished) == 0 {
			return nil
		}
		oldest := slices.MinFunc(finished, func(a, b *importJob) int { return a.finished.Compare(b.finished) })
		delete(js.jobs, oldest.id)
	}
	var b [16]byte
	_, _ = rand.Read(b[:])
	j := &importJob{id: hex.EncodeToString(b[:]), subject: subject, started: now}
	js.jobs[j.id] = j
	return j
}

func (js *importJobs) get(id string, now time.Time) *importJob {
	js.mu.Lock()
	defer js.mu.Unlock()
	j := js.jobs[id]
	if j == nil {
		return nil
	}
	j.mu.Lock()
	expired := !j.finished.IsZero() && now.Sub(j.finished) > ImportJobTTL
	j.mu.Unlock()
	if expired {
		delete(js.jobs, id)
		return nil
	}
	return j
}

// context returns the context jobs run under: the server's lifetime,
// cancelled by stop.
func (js *importJobs) context() context.Context {
	js.mu.Lock()
	defer js.mu.Unlock()
	if js.cancel == nil {
		base := js.ctx
		if base == nil {
			base = context.Background()
		}
		js.ctx, js.cancel = context.WithCancelCause(base)
	}
	return js.ctx
}

// stop cancels the running jobs (their imports roll back) and waits for
// them up to wait.
func (js *importJobs) stop(cause error, wait time.Duration) bool {
	js.mu.Lock()
	if js.cancel != nil {
		js.cancel(cause)
	}
	js.mu.Unlock()
	done := make(chan struct{})
	go func() { js.running.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(wait):
		return false
	}
}

// recorder keeps the answer of an import run by a job.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

// startImportJob answers 202 with a job that imports body under the
// server's lifetime context, not the request's: it outlives the request
// and its timeout, and is cancelled at shutdown.
func (s *Server) startImportJob(w http.ResponseWriter, r *http.Request, body []byte, mt string, maxBody int64) {
	c := reseau.CallerFrom(r.Context())
	j := s.jobs.add(c.Subject, time.Now())
	if j == nil {
		httperr.Error(w, r, s.Log, reseau.Errorf(reseau.EUNAVAILABLE, "%d imports are running: try again when one has finished", MaxImportJobs))
		return
	}
	// The job keeps the caller (authz decides on it) and the request id,
	// but neither the request's cancellation nor its deadline.
	ctx := context.WithoutCancel(r.Context())
	ctx, cancelJob := mergeCancel(ctx, s.jobs.context())
	ctx = reseau.WithProgress(ctx, func(done, total int) {
		j.mu.Lock()
		j.done, j.total = done, total
		j.mu.Unlock()
	})
	s.jobs.running.Add(1)
	go func() {
		defer s.jobs.running.Done()
		defer cancelJob()
		rec := &recorder{header: http.Header{}}
		s.importBody(rec, r.WithContext(ctx), body, mt, maxBody)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		j.mu.Lock()
		j.finished, j.status, j.result = time.Now(), rec.status, bytes.TrimSpace(rec.body.Bytes())
		j.mu.Unlock()
		s.Log.Info("import job finished", "job", j.id, "sub", j.subject, "status", rec.status,
			"elapsed", time.Since(j.started).Round(time.Millisecond))
	}()
	loc := importJobsPath + j.id
	s.Log.InfoContext(r.Context(), "import job started", "request", httperr.RequestID(r.Context()), "job", j.id, "sub", c.Subject, "bytes", len(body))
	w.Header().Set("Location", loc)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusAccepted)
	_ = json.NewEncoder(w).Encode(j.view())
}

// mergeCancel returns ctx (its values) cancelled when stop is.
func mergeCancel(ctx, stop context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(ctx)
	unhook := context.AfterFunc(stop, func() { cancel(context.Cause(stop)) })
	return ctx, func() { unhook(); cancel(nil) }
}

// importJob answers GET /import/jobs/{id}: the job's progress, and once it
// has finished the answer the synchronous import would have given. Only
// the coordinator who started it and admins may read it; to anyone else a
// job does not exist (404), so that ids cannot be probed.
func (s *Server) importJob(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET")
		httperr.Write(w, httperr.CodeMethodNotAllowed, "import jobs are read with GET")
		return
	}
	c := reseau.CallerFrom(r.Context())
	if !c.Authenticated() {
		httperr.Error(w, r, s.Log, reseau.Errorf(reseau.EUNAUTHORIZED, "sign in to read an import job"))
		return
	}
	j := s.jobs.get(strings.TrimPrefix(r.URL.Path, importJobsPath), time.Now())
	if j == nil || (j.subject != c.Subject && !c.HasRole(reseau.RoleAdmin)) || !c.HasRole(reseau.RoleCoordinator) {
		httperr.Error(w, r, s.Log, reseau.Errorf(reseau.ENOTFOUND, "no import job %q of yours (jobs are kept %s after they finish)", strings.TrimPrefix(r.URL.Path, importJobsPath), ImportJobTTL))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(j.view())
}
