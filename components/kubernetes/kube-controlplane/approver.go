// edgeplane-approver decides kubelet serving certificate requests (signer
// kubernetes.io/kubelet-serving), which Kubernetes never approves by itself.
// Bootstrap approves a device's first one; every renewal after that (the
// kubelet rotates its serving certificate before it ends) is decided here, with
// the control plane, so no editor needs to be running a year later.
//
// The checks are the ones bootstrap makes: the requester is the node itself
// (system:node:NAME in group system:nodes), the subject is CN=system:node:NAME,
// O=system:nodes, the usages are those of a TLS server, and every DNS name and
// IP address is one the Node reports as its own and no other Node claims.
// Anything else is denied with the reason, so the cluster's events say why.
package main

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	certificatesv1 "k8s.io/api/certificates/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	listersv1 "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"
)

const servingSigner = "kubernetes.io/kubelet-serving"

// decision is what the approver does with one request.
type decision struct {
	approve bool
	// wait: not decidable yet (the Node does not exist yet); looked at again later.
	wait   bool
	reason string
}

// decideServing applies the checks to a request; nodes are all Nodes of the cluster.
func decideServing(csr *certificatesv1.CertificateSigningRequest, nodes []*corev1.Node) decision {
	user := csr.Spec.Username
	name, ok := strings.CutPrefix(user, "system:node:")
	if !ok || name == "" {
		return decision{reason: fmt.Sprintf("requested by %s, not by a node", user)}
	}
	if !slices.Contains(csr.Spec.Groups, "system:nodes") {
		return decision{reason: fmt.Sprintf("%s is not in group system:nodes", user)}
	}
	block, _ := pem.Decode(csr.Spec.Request)
	if block == nil || block.Type != "CERTIFICATE REQUEST" {
		return decision{reason: "the request holds no PEM certificate request"}
	}
	req, err := x509.ParseCertificateRequest(block.Bytes)
	if err != nil {
		return decision{reason: fmt.Sprintf("the certificate request does not parse: %v", err)}
	}
	if err := req.CheckSignature(); err != nil {
		return decision{reason: fmt.Sprintf("the certificate request's signature is wrong: %v", err)}
	}
	if req.Subject.CommonName != user {
		return decision{reason: fmt.Sprintf("its common name is %q, not %q", req.Subject.CommonName, user)}
	}
	if !slices.Equal(req.Subject.Organization, []string{"system:nodes"}) {
		return decision{reason: fmt.Sprintf("its organizations are %v, not [system:nodes]", req.Subject.Organization)}
	}
	if len(req.EmailAddresses) > 0 || len(req.URIs) > 0 {
		return decision{reason: "it asks for e-mail addresses or URIs, which a kubelet never needs"}
	}
	if len(req.DNSNames)+len(req.IPAddresses) == 0 {
		return decision{reason: "it names no DNS name or IP address"}
	}
	allowedUsages := []certificatesv1.KeyUsage{certificatesv1.UsageDigitalSignature, certificatesv1.UsageKeyEncipherment, certificatesv1.UsageServerAuth}
	for _, u := range csr.Spec.Usages {
		if !slices.Contains(allowedUsages, u) {
			return decision{reason: fmt.Sprintf("it asks for usage %q, which a serving certificate does not need", u)}
		}
	}
	if !slices.Contains(csr.Spec.Usages, certificatesv1.UsageServerAuth) {
		return decision{reason: "it does not ask for server auth"}
	}
	var self *corev1.Node
	others := map[string]string{}
	for _, n := range nodes {
		if n.Name == name {
			self = n
			continue
		}
		for _, a := range n.Status.Addresses {
			others[strings.ToLower(a.Address)] = n.Name
		}
		others[strings.ToLower(n.Name)] = n.Name
	}
	if self == nil {
		return decision{wait: true, reason: fmt.Sprintf("Node %s does not exist yet", name)}
	}
	own := map[string]bool{strings.ToLower(name): true}
	for _, a := range self.Status.Addresses {
		own[strings.ToLower(a.Address)] = true
	}
	for _, d := range req.DNSNames {
		d = strings.ToLower(d)
		if other, taken := others[d]; taken {
			return decision{reason: fmt.Sprintf("DNS name %s belongs to Node %s", d, other)}
		}
		if !own[d] {
			return decision{reason: fmt.Sprintf("DNS name %s is not one Node %s reports", d, name)}
		}
	}
	for _, ip := range req.IPAddresses {
		s := ip.String()
		if other, taken := others[s]; taken {
			return decision{reason: fmt.Sprintf("IP address %s belongs to Node %s", s, other)}
		}
		if !own[s] || ip.IsUnspecified() {
			return decision{reason: fmt.Sprintf("IP address %s is not one Node %s reports", s, name)}
		}
	}
	return decision{approve: true, reason: fmt.Sprintf("the names and addresses are Node %s's own", name)}
}

func decided(csr *certificatesv1.CertificateSigningRequest) bool {
	for _, c := range csr.Status.Conditions {
		if c.Type == certificatesv1.CertificateApproved || c.Type == certificatesv1.CertificateDenied || c.Type == certificatesv1.CertificateFailed {
			return true
		}
	}
	return len(csr.Status.Certificate) > 0
}

type approver struct {
	client kubernetes.Interface
	csrs   cache.Indexer
	nodes  listersv1.NodeLister
	queue  workqueue.TypedRateLimitingInterface[string]
}

func (a *approver) handle(ctx context.Context, key string) error {
	obj, exists, err := a.csrs.GetByKey(key)
	if err != nil || !exists {
		return err
	}
	csr := obj.(*certificatesv1.CertificateSigningRequest)
	if csr.Spec.SignerName != servingSigner || decided(csr) {
		return nil
	}
	nodes, err := a.nodes.List(labels.Everything())
	if err != nil {
		return err
	}
	d := decideServing(csr, nodes)
	if d.wait {
		a.queue.AddAfter(key, 10*time.Second)
		return nil
	}
	c := csr.DeepCopy()
	cond := certificatesv1.CertificateSigningRequestCondition{
		Type:           certificatesv1.CertificateDenied,
		Status:         corev1.ConditionTrue,
		Reason:         "EdgeplaneRefused",
		Message:        "Edgeplane's serving approver refused it: " + d.reason,
		LastUpdateTime: metav1.Now(),
	}
	if d.approve {
		cond.Type, cond.Reason, cond.Message = certificatesv1.CertificateApproved, "EdgeplaneApproved", "Edgeplane's serving approver approved it: "+d.reason
	}
	c.Status.Conditions = append(c.Status.Conditions, cond)
	_, err = a.client.CertificatesV1().CertificateSigningRequests().UpdateApproval(ctx, c.Name, c, metav1.UpdateOptions{})
	if apierrors.IsConflict(err) || apierrors.IsNotFound(err) {
		return nil // changed or gone meanwhile: the informer brings the new version
	}
	if err == nil {
		klog.InfoS("kubelet serving certificate request decided", "csr", c.Name, "approved", d.approve, "reason", d.reason)
	}
	return err
}

// runApprover is the edgeplane-approver component: --kubeconfig names its credentials.
func runApprover(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("edgeplane-approver", flag.ContinueOnError)
	kubeconfig := fs.String("kubeconfig", "", "kubeconfig of an identity that may approve kubelet-serving requests and read Nodes")
	healthPort := fs.Int("health-port", 0, "port for /healthz (200 once its caches are in sync); 0: none, as in the one-process layout")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *kubeconfig == "" {
		return errors.New("edgeplane-approver needs --kubeconfig")
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		return err
	}
	cfg.UserAgent = "edgeplane-approver"
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return err
	}
	factory := informers.NewSharedInformerFactory(client, 10*time.Minute)
	csrInformer := factory.Certificates().V1().CertificateSigningRequests().Informer()
	a := &approver{
		client: client,
		csrs:   csrInformer.GetIndexer(),
		nodes:  factory.Core().V1().Nodes().Lister(),
		queue:  workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]()),
	}
	enqueue := func(obj any) {
		if key, err := cache.MetaNamespaceKeyFunc(obj); err == nil {
			a.queue.Add(key)
		}
	}
	if _, err := csrInformer.AddEventHandler(cache.ResourceEventHandlerFuncs{AddFunc: enqueue, UpdateFunc: func(_, o any) { enqueue(o) }}); err != nil {
		return err
	}
	factory.Start(ctx.Done())
	for typ, ok := range factory.WaitForCacheSync(ctx.Done()) {
		if !ok {
			return fmt.Errorf("edgeplane-approver: %v cache did not sync", typ)
		}
	}
	klog.InfoS("edgeplane-approver is deciding kubelet serving certificate requests", "signer", servingSigner)
	if *healthPort > 0 {
		mux := http.NewServeMux()
		mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
		srv := &http.Server{Addr: fmt.Sprintf(":%d", *healthPort), Handler: mux, ReadHeaderTimeout: 5 * time.Second}
		go func() {
			if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
				klog.ErrorS(err, "edgeplane-approver: /healthz stopped")
			}
		}()
		defer srv.Close()
	}
	go func() {
		<-ctx.Done()
		a.queue.ShutDown()
	}()
	for {
		key, quit := a.queue.Get()
		if quit {
			return ctx.Err()
		}
		if err := a.handle(ctx, key); err != nil {
			klog.ErrorS(err, "deciding a kubelet serving certificate request failed; trying again", "csr", key)
			a.queue.AddRateLimited(key)
		} else {
			a.queue.Forget(key)
		}
		a.queue.Done(key)
	}
}
