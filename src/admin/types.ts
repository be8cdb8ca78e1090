import type { AppVariables, Env } from '../env'

/** Who is acting, and how they proved it. `csrf` is the token browser forms must echo (null for bearer calls, which carry no ambient credential). */
export interface AdminIdentity {
  actor: string
  via: 'token' | 'access' | 'session'
  csrf: string | null
}

export type AdminEnv = { Bindings: Env; Variables: AppVariables & { admin?: AdminIdentity } }
