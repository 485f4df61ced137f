/**
 * Orders a pool job's step messages before its result.
 *
 * A worker posts `started` and each `step` on the job's own MessagePort, and its reply travels on piscina's
 * channel. The two channels are not ordered with each other: piscina can take a reply synchronously
 * (`receiveMessageOnPort` after an `Atomics` wake-up) while the job port's messages still wait for the event
 * loop, and closing the port once the job settled dropped them. Measured before this fix: 12 to 15 of 60
 * `cube.step` jobs on two workers resolved without their last step (`geometry`), which was then never
 * delivered at all — so the CLI's terminal line never showed it.
 *
 * The worker posts every message before it returns, and a post enqueues on the receiving port synchronously,
 * so when the reply is in, everything the job posted is already queued on the host's port: reading it out
 * here, synchronously, hands every step to the listener before the result is handed out.
 * @internal
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { PoolPortMessage } from './pool-protocol.js';

/** Delivers every message still queued on `port` to `onMessage`, in order, now. */
export function drainJobPort(port: MessagePort, onMessage: (message: PoolPortMessage) => void): void {
  for (let entry = receiveMessageOnPort(port); entry !== undefined; entry = receiveMessageOnPort(port)) onMessage(entry.message as PoolPortMessage);
}
