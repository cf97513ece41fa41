import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/** A network namespace joined to the host by one veth pair, which can be cut and healed. */
export interface NetworkNamespace {
  /** `ip netns exec <name>`: the prefix that starts a command inside. */
  readonly prefix: readonly string[];
  /** The host's address on the link, and the namespace's. */
  readonly hostAddress: string;
  readonly innerAddress: string;
  /** Takes the link down: nothing passes either way, as in a real partition. */
  cut(): void;
  heal(): void;
  remove(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

/**
 * Makes the namespace, or returns the reason it cannot (no `ip`, no
 * CAP_NET_ADMIN, as in most unprivileged containers).
 */
export function createNetworkNamespace(): NetworkNamespace | { unavailable: string } {
  const tag = randomBytes(3).toString('hex');
  const name = `rz-${tag}`;
  const outer = `vh-${tag}`;
  const inner = `vn-${tag}`;
  const subnet = `10.${77 + ((randomBytes(1)[0] as number) % 100)}.${randomBytes(1)[0]}`;
  const hostAddress = `${subnet}.1`;
  const innerAddress = `${subnet}.2`;
  try {
    ip('netns', 'add', name);
  } catch (error) {
    return {
      unavailable: `"ip netns add" failed: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`,
    };
  }
  const inside = (...args: string[]) => ip('netns', 'exec', name, 'ip', ...args);
  ip('link', 'add', outer, 'type', 'veth', 'peer', 'name', inner);
  ip('link', 'set', inner, 'netns', name);
  ip('addr', 'add', `${hostAddress}/24`, 'dev', outer);
  ip('link', 'set', outer, 'up');
  inside('addr', 'add', `${innerAddress}/24`, 'dev', inner);
  inside('link', 'set', inner, 'up');
  inside('link', 'set', 'lo', 'up');
  return {
    prefix: ['ip', 'netns', 'exec', name],
    hostAddress,
    innerAddress,
    cut: () => ip('link', 'set', outer, 'down'),
    heal: () => ip('link', 'set', outer, 'up'),
    remove() {
      try {
        ip('link', 'del', outer);
      } catch {
        // already gone with its namespace
      }
      ip('netns', 'del', name);
    },
  };
}
