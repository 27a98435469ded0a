/*
 * netdelay QUEUE DELAY_MS: holds every packet that iptables sends to
 * NFQUEUE QUEUE for DELAY_MS, then accepts it, in arrival order. The lab's
 * site routers use it for link delay because this kernel has no sch_netem.
 * Only packet metadata is copied to userspace (the verdict needs the id).
 * Raw nfnetlink, no libnetfilter_queue: the lab needs nothing beyond cc.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_queue.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define RING 65536

static int fd;
static uint16_t queue;
static uint32_t ids[RING];
static int64_t due[RING];
static unsigned head, tail;

static int64_t now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void put_attr(char *buf, struct nlmsghdr *h, uint16_t type, const void *data, uint16_t len) {
  struct nlattr *a = (struct nlattr *)(buf + NLMSG_ALIGN(h->nlmsg_len));
  a->nla_type = type;
  a->nla_len = NLA_HDRLEN + len;
  memcpy((char *)a + NLA_HDRLEN, data, len);
  h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + NLA_ALIGN(a->nla_len);
}

static struct nlmsghdr *start(char *buf, uint16_t type) {
  struct nlmsghdr *h = (struct nlmsghdr *)buf;
  memset(buf, 0, 256);
  h->nlmsg_len = NLMSG_LENGTH(sizeof(struct nfgenmsg));
  h->nlmsg_type = (NFNL_SUBSYS_QUEUE << 8) | type;
  h->nlmsg_flags = NLM_F_REQUEST;
  struct nfgenmsg *g = NLMSG_DATA(h);
  g->nfgen_family = AF_UNSPEC;
  g->version = NFNETLINK_V0;
  g->res_id = htons(queue);
  return h;
}

static void send_msg(struct nlmsghdr *h) {
  struct sockaddr_nl to = {.nl_family = AF_NETLINK};
  if (sendto(fd, h, h->nlmsg_len, 0, (struct sockaddr *)&to, sizeof to) < 0) {
    perror("netdelay: sendto");
    exit(1);
  }
}

static void verdict(uint32_t id) {
  char buf[256];
  struct nlmsghdr *h = start(buf, NFQNL_MSG_VERDICT);
  struct nfqnl_msg_verdict_hdr v = {.verdict = htonl(NF_ACCEPT), .id = id};
  put_attr(buf, h, NFQA_VERDICT_HDR, &v, sizeof v);
  send_msg(h);
}

static void config(void) {
  char buf[256];
  struct nlmsghdr *h = start(buf, NFQNL_MSG_CONFIG);
  struct nfqnl_msg_config_cmd cmd = {.command = NFQNL_CFG_CMD_BIND, .pf = htons(AF_INET)};
  put_attr(buf, h, NFQA_CFG_CMD, &cmd, sizeof cmd);
  send_msg(h);
  h = start(buf, NFQNL_MSG_CONFIG);
  struct nfqnl_msg_config_params p = {.copy_range = htonl(0), .copy_mode = NFQNL_COPY_META};
  put_attr(buf, h, NFQA_CFG_PARAMS, &p, sizeof p);
  uint32_t maxlen = htonl(RING / 2);
  put_attr(buf, h, NFQA_CFG_QUEUE_MAXLEN, &maxlen, sizeof maxlen);
  send_msg(h);
}

static void receive(void) {
  char buf[65536];
  ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
  if (n < 0) {
    if (errno == EAGAIN || errno == ENOBUFS) return; /* ENOBUFS: the kernel dropped some; carry on */
    perror("netdelay: recv");
    exit(1);
  }
  for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
    if (h->nlmsg_type == NLMSG_ERROR) {
      struct nlmsgerr *e = NLMSG_DATA(h);
      if (e->error) {
        fprintf(stderr, "netdelay: netlink error %d\n", e->error);
        exit(1);
      }
      continue;
    }
    if ((h->nlmsg_type & 0xff) != NFQNL_MSG_PACKET) continue;
    int len = h->nlmsg_len - NLMSG_LENGTH(sizeof(struct nfgenmsg));
    struct nlattr *a = (struct nlattr *)((char *)NLMSG_DATA(h) + NLMSG_ALIGN(sizeof(struct nfgenmsg)));
    while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= len) {
      if ((a->nla_type & NLA_TYPE_MASK) == NFQA_PACKET_HDR) {
        struct nfqnl_msg_packet_hdr *ph = (struct nfqnl_msg_packet_hdr *)((char *)a + NLA_HDRLEN);
        if (tail - head >= RING) {
          verdict(ph->packet_id); /* ring full: let it pass rather than stall the link */
        } else {
          ids[tail % RING] = ph->packet_id;
          due[tail % RING] = now_ms();
          tail++;
        }
      }
      len -= NLA_ALIGN(a->nla_len);
      a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
    }
  }
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: netdelay QUEUE DELAY_MS\n");
    return 2;
  }
  queue = (uint16_t)atoi(argv[1]);
  int64_t delay = atoll(argv[2]);
  fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_NETFILTER);
  if (fd < 0) {
    perror("netdelay: socket");
    return 1;
  }
  int size = 4 << 20;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  struct sockaddr_nl me = {.nl_family = AF_NETLINK};
  if (bind(fd, (struct sockaddr *)&me, sizeof me) < 0) {
    perror("netdelay: bind");
    return 1;
  }
  config();
  for (;;) {
    int64_t t = now_ms();
    while (head != tail && due[head % RING] + delay <= t) verdict(ids[head++ % RING]);
    int wait = head == tail ? -1 : (int)(due[head % RING] + delay - t);
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (poll(&p, 1, wait) > 0) receive();
  }
}
