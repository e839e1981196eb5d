package build

import (
	"fmt"
	"runtime/debug"
)

// InternalError is a panic caught in a build: a bug of reportc, not of the report. No
// output has been written.
type InternalError struct {
	Dir   string // the report folder
	Value any    // what was passed to panic
	Stack []byte // the goroutine's stack when it panicked, for the bug report
}

func (e *InternalError) Error() string {
	where := ""
	if e.Dir != "" {
		where = "（报告目录 " + e.Dir + "）"
	}
	return fmt.Sprintf("内部错误：%v%s。这是 reportc 的缺陷，不是报告的错；没有写任何输出。"+
		"请把这条消息连同报告目录发给 reportc 的维护者（设置环境变量 REPORTC_TRACE=1 可打印调用栈）。", e.Value, where)
}

// recoverInternal turns a panic of the calling function into an *InternalError in *err.
// It must be deferred directly (recover works only there).
func recoverInternal(dir string, err *error) {
	if v := recover(); v != nil {
		*err = &InternalError{Dir: dir, Value: v, Stack: debug.Stack()}
	}
}
