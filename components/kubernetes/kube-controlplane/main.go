// kube-controlplane runs kube-apiserver, kube-controller-manager and
// kube-scheduler in one process: the "compact" control-plane layout.
//
// Why: each Go binary keeps most of its own code resident (about 80 % of a
// 70-100 MB binary) and its own runtime, caches and type tables. One process
// shares all of that; on the lab it roughly halves a control plane's resident
// memory. k3s and the old hyperkube did the same.
//
// Usage: kube-controlplane kube-apiserver [flags] kube-controller-manager [flags] kube-scheduler [flags] edgeplane-approver --kubeconfig FILE
// Each component name starts the flags of that component, exactly as its own
// binary takes them; a component left out is not started. The process exits
// when any component returns, so the container restarts as a whole.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	genericapiserver "k8s.io/apiserver/pkg/server"
	cliflag "k8s.io/component-base/cli/flag"
	"k8s.io/component-base/cli/globalflag"
	basecompatibility "k8s.io/component-base/compatibility"
	"k8s.io/component-base/logs"
	logsapi "k8s.io/component-base/logs/api/v1"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
	scheduleroptions "k8s.io/kubernetes/cmd/kube-scheduler/app/options"

	// What the three upstream main packages link in besides their app.
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	_ "time/tzdata"
)

// edgeplane-approver (approver.go) is Edgeplane's own: the kubelet-serving certificate approver.
var components = []string{"kube-apiserver", "kube-controller-manager", "kube-scheduler", "edgeplane-approver"}

// splitArgs groups the arguments by the component name that precedes them.
func splitArgs(args []string) (map[string][]string, error) {
	groups := map[string][]string{}
	current := ""
	for _, a := range args {
		isName := false
		for _, c := range components {
			if a == c {
				isName = true
			}
		}
		if isName {
			if _, seen := groups[a]; seen {
				return nil, fmt.Errorf("%s is named twice", a)
			}
			groups[a] = []string{}
			current = a
			continue
		}
		if current == "" {
			return nil, fmt.Errorf("%q comes before any component name; start with one of %v", a, components)
		}
		groups[current] = append(groups[current], a)
	}
	if len(groups) == 0 {
		return nil, fmt.Errorf("name at least one of %v, each followed by its flags", components)
	}
	return groups, nil
}

// runScheduler is kube-scheduler's own command without its signal handler:
// a process may install that only once, and the apiserver's already has.
func runScheduler(ctx context.Context, args []string) error {
	opts := scheduleroptions.NewOptions()
	fs := pflag.NewFlagSet("kube-scheduler", pflag.ContinueOnError)
	fs.SetNormalizeFunc(cliflag.WordSepNormalizeFunc)
	logs.AddFlags(fs)
	globalflag.AddGlobalFlags(opts.Flags.FlagSet("global"), "kube-scheduler", logs.SkipLoggingConfigurationFlags())
	for _, f := range opts.Flags.FlagSets {
		fs.AddFlagSet(f)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			fmt.Fprint(os.Stdout, fs.FlagUsages())
			os.Exit(0)
		}
		return err
	}
	if err := opts.ComponentGlobalsRegistry.Set(); err != nil {
		return err
	}
	fg := opts.ComponentGlobalsRegistry.FeatureGateFor(basecompatibility.DefaultKubeComponent)
	if err := logsapi.ValidateAndApply(opts.Logs, fg); err != nil {
		return err
	}
	cc, sched, err := scheduler.Setup(ctx, opts)
	if err != nil {
		return err
	}
	return scheduler.Run(ctx, cc, sched)
}

// prepare does for a component's command what component-base/cli.Run would:
// flag names with "_" and "-" alike (--concurrent_rc_syncs is registered with
// underscores), the klog flags, errors returned rather than printed with usage.
func prepare(cmd *cobra.Command, args []string) *cobra.Command {
	cmd.SetGlobalNormalizationFunc(cliflag.WordSepNormalizeFunc)
	logs.AddFlags(cmd.PersistentFlags())
	cmd.SilenceUsage = true
	cmd.SetArgs(args)
	return cmd
}

func main() {
	groups, err := splitArgs(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "kube-controlplane:", err)
		os.Exit(2)
	}
	// Every component applies its logging options; they are the same here,
	// and the default would refuse the second application.
	logsapi.ReapplyHandling = logsapi.ReapplyHandlingIgnoreUnchanged
	logs.InitLogs()

	done := make(chan error, len(components))
	var ctx context.Context
	if args, ok := groups["kube-apiserver"]; ok {
		// The apiserver's command installs the process's signal handler.
		cmd := prepare(apiserver.NewAPIServerCommand(), args)
		ctx = cmd.Context()
		go func() { done <- fmt.Errorf("kube-apiserver stopped: %v", cmd.Execute()) }()
	} else {
		ctx = genericapiserver.SetupSignalContext()
	}
	if args, ok := groups["kube-controller-manager"]; ok {
		cmd := prepare(controllermanager.NewControllerManagerCommand(), args)
		go func() { done <- fmt.Errorf("kube-controller-manager stopped: %v", cmd.Execute()) }()
	}
	if args, ok := groups["kube-scheduler"]; ok {
		go func() { done <- fmt.Errorf("kube-scheduler stopped: %v", runScheduler(ctx, args)) }()
	}
	if args, ok := groups["edgeplane-approver"]; ok {
		go func() { done <- fmt.Errorf("edgeplane-approver stopped: %v", runApprover(ctx, args)) }()
	}
	stopped := <-done
	logs.FlushLogs()
	if ctx.Err() != nil {
		// SIGTERM or SIGINT: a requested shutdown, not a failure.
		os.Exit(0)
	}
	fmt.Fprintln(os.Stderr, "kube-controlplane:", stopped)
	os.Exit(1)
}
