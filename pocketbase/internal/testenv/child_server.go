package testenv

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// ChildServer is the test binary started again as a real server process, for the tests
// that must kill one (SIGKILL mid-request) and start it again on the same data: the
// test's TestMain serves instead of testing when it finds the environment the test gives
// it, as os/exec's own tests reuse their binary.
type ChildServer struct {
	// URL is the server's base, http://127.0.0.1:port.
	URL string
	cmd *exec.Cmd
	mu  sync.Mutex
	log strings.Builder
}

// FreePort returns a loopback port nobody listens on at the moment.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// FreeAddr returns a loopback address (127.0.0.1:port) with a port nobody listens on at the moment.
func FreeAddr(t testing.TB) string {
	t.Helper()
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(FreePort(t)))
}

// StartChildServer runs the test binary with env added to this process's environment
// and addrEnv set to a free loopback address, hands every line it prints to onLine (nil
// for none), and returns once /api/health answers. It fails the test, with the server's
// output, when that takes longer than 20 s.
func StartChildServer(t testing.TB, addrEnv string, env []string, onLine func(string)) *ChildServer {
	t.Helper()
	addr := FreeAddr(t)
	s := &ChildServer{URL: "http://" + addr}
	s.cmd = exec.Command(os.Args[0], "-test.run=^$")
	s.cmd.Env = append(append(os.Environ(), env...), addrEnv+"="+addr)
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s.cmd.Stderr = s.cmd.Stdout
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		lines := bufio.NewScanner(out)
		lines.Buffer(nil, 1<<20) // a long line must not stop the reading: the server would block on a full pipe
		for lines.Scan() {
			s.mu.Lock()
			s.log.WriteString(lines.Text() + "\n")
			s.mu.Unlock()
			if onLine != nil {
				onLine(lines.Text())
			}
		}
		_, _ = io.Copy(io.Discard, out) // past a line longer still, keep the pipe drained
	}()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get(s.URL + "/api/health"); err == nil {
			res.Body.Close()
			return s
		}
	}
	s.Kill()
	t.Fatalf("the server did not start:\n%s", s.Output())
	return nil
}

// Output is what the server has printed so far.
func (s *ChildServer) Output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.String()
}

// Kill ends the server at once, as a crash or the OOM killer would (SIGKILL), and waits for it.
func (s *ChildServer) Kill() {
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	_ = s.cmd.Wait()
}
