/**
 * Stops the CLI when the command that launched it is gone. `pnpm demo:server` runs the server
 * under a chain of processes (pnpm → pnpm → tsx → node); when the outer one is killed without
 * passing the signal on (`kill -9`, a launcher that forwards nothing), the inner ones are
 * orphaned and keep the port, so the next start fails with EADDRINUSE. The server therefore
 * records the chain of its ancestors that share its process group (the processes one command
 * started together; the user's shell is outside it) and stops once a link breaks: a process
 * of the chain was re-parented because the one above it exited. A broken link is noticed even
 * when the dead process is a zombie nobody has reaped yet, and never confuses a reused pid.
 */
import { readFileSync } from 'node:fs'

interface Link {
  pid: number
  parent: number
}

/** `ppid` and process group of a process, from `/proc` (Linux); `undefined` if unreadable. */
function procStat(pid: number): { ppid: number; pgrp: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Field 2, the command name, may hold spaces and parentheses: count from the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return { ppid: Number(fields[1]), pgrp: Number(fields[2]) }
  } catch {
    return undefined
  }
}

/**
 * The parent links inside this process's group, from this process up to the outermost
 * ancestor in the group (the link from there to the shell is left out, so `nohup … &` still
 * outlives the shell); `undefined` without `/proc`.
 */
export function launchChain(): Link[] | undefined {
  const self = procStat(process.pid)
  if (!self) return undefined
  const chain: Link[] = []
  let pid = process.pid
  let parent = self.ppid
  while (parent > 1) {
    const above = procStat(parent)
    if (!above || above.pgrp !== self.pgrp) break
    chain.push({ pid, parent })
    pid = parent
    parent = above.ppid
  }
  return chain
}

function intact(chain: Link[]): boolean {
  return chain.every((link) => procStat(link.pid)?.ppid === link.parent)
}

/**
 * Calls `onGone` once when a process of the launch chain has exited. Polls every `intervalMs`
 * on a timer that does not keep the process alive. Without `/proc` (macOS, Windows) it only
 * watches the direct parent. Returns a function that stops watching.
 */
export function watchLauncher(onGone: () => void, intervalMs = 250): () => void {
  const chain = launchChain()
  const parent = process.ppid
  const alive = chain
    ? () => intact(chain)
    : () => {
        try {
          process.kill(parent, 0)
          return true
        } catch (error) {
          return (error as NodeJS.ErrnoException).code === 'EPERM'
        }
      }
  const timer = setInterval(() => {
    if (alive()) return
    clearInterval(timer)
    onGone()
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
