package hooks

import (
	"context"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Research updates (issue 13, item 7): an admin writes an update to the contributors who gave
// research consent (the consent text promises to keep them informed) in the superuser-only
// research_updates collection, in Spanish and English, and sets it to "sending" on the
// dashboard. One sender per process then emails each recipient in their language, at the
// update's pace, with a one-click unsubscribe link (research_updates_token.go); deliveries
// are rows (research_update_deliveries), so a restart resumes where it stopped
// (research_updates_send.go).

const (
	updatesCollection = "research_updates"
	// researchSenderStore is the app.Store() key of the process's sender.
	researchSenderStore = "cassette.researchUpdates.sender"
	// researchRetryEvery is how long the sender waits after a run stopped on transport failures.
	researchRetryEvery = time.Minute
)

func registerResearchUpdates(app core.App) {
	app.OnRecordCreateRequest(updatesCollection).BindFunc(func(e *core.RecordRequestEvent) error {
		if e.Record.GetString("status") == "sent" {
			return e.BadRequestError("Create the update as a draft, or as sending to send it now; the server sets sent.", nil)
		}
		// what the server counts starts empty, whatever the form sent
		for _, f := range []string{"recipients", "sent", "failed", "skipped", "started", "finished", "sent_by"} {
			e.Record.Set(f, nil)
		}
		markSender(e)
		if err := e.Next(); err != nil {
			return err
		}
		if e.Record.GetString("status") == "sending" {
			wakeResearchSender(e.App)
		}
		return nil
	})
	app.OnRecordUpdateRequest(updatesCollection).BindFunc(func(e *core.RecordRequestEvent) error {
		switch {
		case e.Record.Original().GetString("status") != "draft":
			return e.BadRequestError("This update is already being sent or was sent; it cannot be changed. Write a new one.", nil)
		case e.Record.GetString("status") == "sent":
			return e.BadRequestError("Set the status to sending; the server sets sent when every email has gone.", nil)
		}
		markSender(e)
		if err := e.Next(); err != nil {
			return err
		}
		if e.Record.GetString("status") == "sending" {
			wakeResearchSender(e.App)
		}
		return nil
	})

	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		registerResearchUpdatesRoutes(se)
		// deliveries a killed process left mid-send are settled before anything is resumed
		if err := recoverInterruptedDeliveries(se.App); err != nil {
			se.App.Logger().Error("Could not settle interrupted research update deliveries", "error", err)
		}
		if sending, err := se.App.CountRecords(updatesCollection, dbx.HashExp{"status": "sending"}); err != nil {
			se.App.Logger().Error("Could not look for unfinished research updates", "error", err)
		} else if sending > 0 {
			wakeResearchSender(se.App)
		}
		return se.Next()
	})
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		if s, ok := e.App.Store().Get(researchSenderStore).(*researchSender); ok {
			s.stop()
		}
		return e.Next()
	})
}

// markSender records which superuser started the sending, for the audit log.
func markSender(e *core.RecordRequestEvent) {
	if e.Record.GetString("status") == "sending" && e.Auth != nil {
		e.Record.Set("sent_by", e.Auth.Id)
	}
}

// researchSender runs at most one goroutine per process that sends research updates; it
// exits when no update is left "sending" (a test app, or a server with nothing to send,
// keeps no goroutine) and retries every minute while a run stops on transport failures.
type researchSender struct {
	app     core.App
	ctx     context.Context
	cancel  context.CancelFunc
	wake    chan struct{}
	mu      sync.Mutex
	running bool
	stopped bool
	wg      sync.WaitGroup
}

// wakeResearchSender asks the process's sender to look for work, starting it if idle.
func wakeResearchSender(app core.App) {
	s := app.Store().GetOrSet(researchSenderStore, func() any {
		ctx, cancel := context.WithCancel(context.Background())
		return &researchSender{app: app, ctx: ctx, cancel: cancel, wake: make(chan struct{}, 1)}
	}).(*researchSender)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	select {
	case s.wake <- struct{}{}:
	default: // a wake-up is already pending
	}
	if !s.running {
		s.running = true
		s.wg.Add(1)
		go s.loop()
	}
}

// stop ends the sender between two emails and waits for it.
func (s *researchSender) stop() {
	s.mu.Lock()
	s.stopped = true
	s.cancel()
	s.mu.Unlock()
	s.wg.Wait()
}

func (s *researchSender) loop() {
	defer s.wg.Done()
	for {
		<-s.wake
		err := sendPendingUpdates(s.ctx, s.app)
		if s.ctx.Err() != nil {
			return
		}
		if err == nil && s.idle() {
			return
		}
		if err != nil {
			s.app.Logger().Error("Research updates: sending stopped; retrying in a minute", "error", err)
			select {
			case <-s.ctx.Done():
				return
			case <-s.wake:
			case <-time.After(researchRetryEvery):
			}
			// the retry itself is this turn's wake-up
			select {
			case s.wake <- struct{}{}:
			default:
			}
		}
	}
}

// idle marks the sender stopped unless a wake-up arrived meanwhile.
func (s *researchSender) idle() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.wake) > 0 {
		return false
	}
	s.running = false
	return true
}

// sendPendingUpdates works through every update in "sending", oldest first.
func sendPendingUpdates(ctx context.Context, app core.App) error {
	updates, err := app.FindRecordsByFilter(updatesCollection, "status = 'sending'", "created,id", 0, 0)
	if err != nil {
		return err
	}
	for _, update := range updates {
		if update.GetDateTime("started").IsZero() {
			if err := startResearchUpdate(app, update); err != nil {
				return err
			}
		}
		if err := deliverResearchUpdate(ctx, app, update); err != nil {
			return err
		}
	}
	return nil
}
