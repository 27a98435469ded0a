// Maps whatever ssh2 or the socket throws to a sentence a person can act on.
import { UserFacingError } from '../errors';
import { describeTarget, type SshTarget } from './sshConfig';

export interface SshFailureContext {
  target: SshTarget;
  /** Index into target.jumps when the failing hop is a jump host; undefined for the device itself. */
  hop?: number;
  methodsTried?: string[];
  timeoutMs?: number;
}

function hopLabel(ctx: SshFailureContext): string {
  if (ctx.hop === undefined) return `${ctx.target.name} (${describeTarget(ctx.target)})`;
  const j = ctx.target.jumps[ctx.hop];
  return `jump host ${ctx.hop + 1} of ${ctx.target.jumps.length}, ${j?.name ?? '?'} (${j ? describeTarget(j) : '?'}), on the way to ${ctx.target.name}`;
}

export function mapSshError(err: unknown, ctx: SshFailureContext): UserFacingError {
  if (err instanceof UserFacingError) return err;
  const e = err as NodeJS.ErrnoException & { level?: string };
  const msg = e?.message ?? String(err);
  const where = hopLabel(ctx);
  const viaJump = ctx.hop !== undefined ? ' Check that jump host first: it failed, not the device.' : '';
  const code = e?.code ?? '';
  if (code === 'ECONNREFUSED') {
    return new UserFacingError('ssh-refused', `Connection to ${where} was refused: nothing listens for SSH on port ${ctx.hop === undefined ? ctx.target.port : ctx.target.jumps[ctx.hop]?.port}.`, `Check that sshd runs on the device and the port is right.${viaJump}`, { cause: err });
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL') {
    return new UserFacingError('ssh-unreachable', `${where} is unreachable (${code}): no route to that address.`, `Check the address and that the device is powered and on the network.${viaJump}`, { cause: err });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new UserFacingError('ssh-unknown-host', `The host name of ${where} does not resolve (${code}).`, `Check the name, or use its IP address.${viaJump}`, { cause: err });
  }
  if (code === 'ETIMEDOUT' || e?.level === 'client-timeout' || /timed out/i.test(msg)) {
    const secs = ctx.timeoutMs ? ` within ${Math.round(ctx.timeoutMs / 1000)} s` : '';
    return new UserFacingError('ssh-timeout', `${where} did not answer${secs}: the address is unreachable or a firewall drops the connection.`, `Check the address and the network path, or raise the SSH connect timeout.${viaJump}`, { cause: err });
  }
  if (e?.level === 'client-authentication') {
    const tried = ctx.methodsTried && ctx.methodsTried.length > 0 ? ctx.methodsTried.join(', ') : 'none';
    return new UserFacingError('ssh-auth-failed', `Authentication to ${where} failed; methods tried: ${tried}.`, 'Check the user name, the password or key (IdentityFile in ~/.ssh/config), and that the key is in the device\'s authorized_keys.', { cause: err });
  }
  if (/before handshake/i.test(msg)) {
    return new UserFacingError('ssh-no-handshake', `${where} closed the connection before the SSH handshake: something other than sshd answers there, or a firewall resets it.`, `Check the address and port.${viaJump}`, { cause: err });
  }
  if (code === 'ECONNRESET' || /Connection lost|No response from server|socket hang up/i.test(msg)) {
    return new UserFacingError('ssh-connection-lost', `The connection to ${where} was lost (${msg}).`, `Check the network link to the device and try again; re-running continues where it stopped.${viaJump}`, { cause: err });
  }
  if (/Open failure|Connection refused|administratively prohibited/i.test(msg) && ctx.hop !== undefined) {
    return new UserFacingError('ssh-jump-failed', `${where} could not open a connection onward (${msg}).`, 'Check that this jump host can reach the next hop and allows TCP forwarding (AllowTcpForwarding).', { cause: err });
  }
  return new UserFacingError('ssh-failed', `SSH to ${where} failed: ${msg}.`, `Try \`ssh ${ctx.target.name}\` in a terminal to see more.${viaJump}`, { cause: err });
}
