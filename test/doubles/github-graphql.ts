// A GitHub double on 127.0.0.1 for `minutes check --online`: the GraphQL API
// (`POST /graphql`, executed by the graphql reference implementation against
// the part of GitHub's schema the tool uses, so a query GitHub would reject
// fails here too) and the REST endpoints of the unauthenticated fallback.
// It answers as GitHub does: `nameWithOwner` and URLs follow renames, missing
// things are `null` with errors of type NOT_FOUND, rate limits are replies
// with GitHub's headers, and every request is recorded for the tests to count.
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {buildSchema, graphql, GraphQLError, parse, visit, Kind} from 'graphql'

export interface World {
  /** `owner/name` → what it holds. */
  repositories: Record<string, {issues?: number[]; pulls?: number[]; discussions?: number[]; hasDiscussions?: boolean}>
  /** Old `owner/name` → current `owner/name` (renamed or transferred repositories). */
  renamed?: Record<string, string>
  /** `owner/name#N` → `owner/name#M`: issues transferred to another repository. */
  transferred?: Record<string, string>
  users?: string[]
  organizations?: string[]
}

export interface DoubleOptions {
  /** Tokens accepted; any other `Authorization` gets 401 Bad credentials. Default: any token. */
  tokens?: string[]
  /** Reply to the first N GraphQL requests with a primary rate limit (RATE_LIMITED, reset in 1 s). */
  rateLimited?: number
  /** Reply to the first N GraphQL requests with a secondary rate limit (403, retry-after 1). */
  secondaryLimited?: number
  /** Most lookups (aliased issue, discussion and owner fields) one query may hold. Default: 100. */
  maxLookups?: number
  /** Requests left for unauthenticated REST. Default: 60. */
  restRemaining?: number
  /** Status every request gets (502: a broken proxy). */
  failWith?: number
  /** Repositories the token may not read (an organisation's SAML enforcement): errors of type FORBIDDEN. */
  forbidden?: string[]
}

export interface RecordedRequest {
  method: string
  path: string
  authorization: string | undefined
  /** GraphQL: how many lookups the query held. */
  lookups?: number
}

export interface GitHubDouble {
  url: string
  requests: RecordedRequest[]
  /** GraphQL requests only. */
  graphqlRequests(): RecordedRequest[]
  close(): Promise<void>
}

const schema = buildSchema(`
  type Query {
    rateLimit: RateLimit
    repository(owner: String!, name: String!): Repository
    repositoryOwner(login: String!): RepositoryOwner
  }
  type RateLimit { limit: Int! remaining: Int! resetAt: String! cost: Int! used: Int! }
  type Repository {
    nameWithOwner: String!
    url: String!
    issueOrPullRequest(number: Int!): IssueOrPullRequest
    discussion(number: Int!): Discussion
  }
  union IssueOrPullRequest = Issue | PullRequest
  type Issue { number: Int! url: String! title: String! }
  type PullRequest { number: Int! url: String! title: String! }
  type Discussion { number: Int! url: String! title: String! }
  interface RepositoryOwner { login: String! url: String! }
  type User implements RepositoryOwner { login: String! url: String! }
  type Organization implements RepositoryOwner { login: String! url: String! }
`)

class NotFound extends GraphQLError {}
class Forbidden extends GraphQLError {}

const web = 'https://github.com'

function lower(record: Record<string, string> = {}): Map<string, string> {
  return new Map(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]))
}

/** Where a repository is now: its current name, or `undefined` when there is none. */
function locate(world: World, name: string): string | undefined {
  const renamed = lower(world.renamed).get(name.toLowerCase())
  const current = renamed ?? name
  return Object.keys(world.repositories).find((key) => key.toLowerCase() === current.toLowerCase())
}

function findIssue(world: World, repository: string, number: number): {repository: string; number: number; type: 'Issue' | 'PullRequest'} | undefined {
  const moved = lower(world.transferred).get(`${repository}#${number}`.toLowerCase())
  if (moved) {
    const [name, target] = moved.split('#') as [string, string]
    return findIssue(world, locate(world, name) ?? name, Number(target))
  }

  const holds = world.repositories[repository]
  if (holds?.issues?.includes(number)) return {repository, number, type: 'Issue'}
  if (holds?.pulls?.includes(number)) return {repository, number, type: 'PullRequest'}
  return undefined
}

function rootValue(world: World, forbidden: string[] = []) {
  const owners = new Map<string, {login: string; type: 'User' | 'Organization'}>()
  for (const login of world.users ?? []) owners.set(login.toLowerCase(), {login, type: 'User'})
  for (const login of world.organizations ?? []) owners.set(login.toLowerCase(), {login, type: 'Organization'})
  return {
    rateLimit: () => ({limit: 5000, remaining: 4999, resetAt: new Date(Date.now() + 3600_000).toISOString(), cost: 1, used: 1}),
    repositoryOwner({login}: {login: string}) {
      const owner = owners.get(login.toLowerCase())
      if (!owner) throw new NotFound(`Could not resolve to a User with the login of '${login}'.`)
      return {__typename: owner.type, login: owner.login, url: `${web}/${owner.login}`}
    },
    repository({owner, name}: {owner: string; name: string}) {
      if (forbidden.some((entry) => entry.toLowerCase() === `${owner}/${name}`.toLowerCase())) {
        throw new Forbidden(`Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.`)
      }

      const current = locate(world, `${owner}/${name}`)
      if (!current) throw new NotFound(`Could not resolve to a Repository with the name '${owner}/${name}'.`)
      return {
        nameWithOwner: current,
        url: `${web}/${current}`,
        issueOrPullRequest({number}: {number: number}) {
          const found = findIssue(world, current, number)
          if (!found) throw new NotFound(`Could not resolve to an issue or pull request with the number of ${number}.`)
          const path = found.type === 'Issue' ? 'issues' : 'pull'
          return {__typename: found.type, number: found.number, url: `${web}/${found.repository}/${path}/${found.number}`, title: `#${found.number}`}
        },
        discussion({number}: {number: number}) {
          if (!world.repositories[current]?.discussions?.includes(number)) throw new NotFound(`Could not resolve to a Discussion with the number of ${number}.`)
          return {number, url: `${web}/${current}/discussions/${number}`, title: `#${number}`}
        }
      }
    }
  }
}

/** Aliased lookups in a query: fields named issueOrPullRequest, discussion or repositoryOwner. */
function countLookups(query: string): number {
  let count = 0
  visit(parse(query), {
    [Kind.FIELD](node) {
      if (['issueOrPullRequest', 'discussion', 'repositoryOwner'].includes(node.name.value)) count++
    }
  })
  return count
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, {'content-type': 'application/json; charset=utf-8', ...headers})
  response.end(JSON.stringify(body))
}

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export async function startGitHubDouble(world: World, options: DoubleOptions = {}): Promise<GitHubDouble> {
  const requests: RecordedRequest[] = []
  let rateLimited = options.rateLimited ?? 0
  let secondaryLimited = options.secondaryLimited ?? 0
  let restRemaining = options.restRemaining ?? 60
  const maxLookups = options.maxLookups ?? 100
  const ids = new Map(Object.keys(world.repositories).map((name, index) => [String(index + 1), name]))
  const idOf = (name: string) => [...ids].find(([, value]) => value === name)![0]

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const authorization = request.headers.authorization
    const recorded: RecordedRequest = {method: request.method ?? 'GET', path: url.pathname, authorization}
    requests.push(recorded)
    const token = authorization?.replace(/^(token|bearer)\s+/i, '')

    if (options.failWith) return send(response, options.failWith, {message: 'Bad Gateway'})
    if (token && options.tokens && !options.tokens.includes(token)) {
      return send(response, 401, {message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest'})
    }

    if (url.pathname === '/graphql' && request.method === 'POST') {
      if (!token) return send(response, 401, {message: 'This endpoint requires you to be authenticated.'})
      const {query} = JSON.parse(await body(request)) as {query: string}
      recorded.lookups = countLookups(query)
      if (secondaryLimited > 0) {
        secondaryLimited--
        return send(response, 403, {message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'}, {'retry-after': '1'})
      }

      if (rateLimited > 0) {
        rateLimited--
        const reset = String(Math.floor(Date.now() / 1000) + 1)
        return send(response, 200, {errors: [{type: 'RATE_LIMITED', message: 'API rate limit exceeded for user ID 1.'}]}, {'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset})
      }

      if (recorded.lookups > maxLookups) {
        return send(response, 200, {errors: [{type: 'MAX_NODE_LIMIT_EXCEEDED', message: `This query requests ${recorded.lookups} lookups; the limit is ${maxLookups}.`}]})
      }

      const result = await graphql({schema, source: query, rootValue: rootValue(world, options.forbidden)})
      const errors = result.errors?.map((error) => ({
        ...(error.originalError instanceof NotFound ? {type: 'NOT_FOUND'} : error.originalError instanceof Forbidden ? {type: 'FORBIDDEN'} : {}),
        path: error.path,
        locations: error.locations,
        message: error.message
      }))
      return send(response, 200, {...(result.data === undefined ? {} : {data: result.data}), ...(errors ? {errors} : {})}, {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999'
      })
    }

    if (request.method !== 'GET') return send(response, 404, {message: 'Not Found'})
    if (url.pathname === '/rate_limit') {
      const core = {limit: 60, remaining: restRemaining, reset: Math.floor(Date.now() / 1000) + 3600, used: 60 - restRemaining}
      return send(response, 200, {resources: {core}, rate: core})
    }

    if (!token) {
      if (restRemaining <= 0) {
        return send(response, 403, {message: 'API rate limit exceeded for 127.0.0.1.'}, {'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600)})
      }

      restRemaining--
    }

    const headers = {'x-ratelimit-remaining': String(restRemaining)}
    let match = /^\/users\/([^/]+)$/.exec(url.pathname)
    if (match) {
      const login = decodeURIComponent(match[1]!)
      const user = world.users?.find((name) => name.toLowerCase() === login.toLowerCase())
      const organization = world.organizations?.find((name) => name.toLowerCase() === login.toLowerCase())
      const found = user ?? organization
      if (!found) return send(response, 404, {message: 'Not Found'}, headers)
      return send(response, 200, {login: found, type: user ? 'User' : 'Organization', html_url: `${web}/${found}`}, headers)
    }

    // A renamed repository answers 301 to /repositories/ID/…, as GitHub does.
    match = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(url.pathname)
    if (match) {
      const asked = `${match[1]}/${match[2]}`
      const current = locate(world, asked)
      if (!current) return send(response, 404, {message: 'Not Found'}, headers)
      if (current.toLowerCase() !== asked.toLowerCase()) {
        response.writeHead(301, {location: `http://127.0.0.1:${(server.address() as AddressInfo).port}/repositories/${idOf(current)}${match[3] ?? ''}`})
        return response.end(JSON.stringify({message: 'Moved Permanently'}))
      }

      return restRepository(response, world, current, match[3] ?? '', headers)
    }

    match = /^\/repositories\/(\d+)(\/.*)?$/.exec(url.pathname)
    if (match && ids.has(match[1]!)) return restRepository(response, world, ids.get(match[1]!)!, match[2] ?? '', headers)
    return send(response, 404, {message: 'Not Found'}, headers)
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    graphqlRequests: () => requests.filter((request) => request.path === '/graphql'),
    close: () => new Promise((resolve) => server.close(() => resolve()))
  }
}

function restRepository(response: ServerResponse, world: World, name: string, rest: string, headers: Record<string, string>): void {
  const holds = world.repositories[name]!
  if (rest === '') return send(response, 200, {full_name: name, html_url: `${web}/${name}`, has_discussions: Boolean(holds.hasDiscussions ?? holds.discussions?.length)}, headers)
  const match = /^\/issues\/(\d+)$/.exec(rest)
  if (!match) return send(response, 404, {message: 'Not Found'}, headers)
  const found = findIssue(world, name, Number(match[1]))
  if (!found) return send(response, 404, {message: 'Not Found'}, headers)
  const kind = found.type === 'Issue' ? 'issues' : 'pull'
  return send(
    response,
    200,
    {
      number: found.number,
      html_url: `${web}/${found.repository}/${kind}/${found.number}`,
      ...(found.type === 'PullRequest' ? {pull_request: {html_url: `${web}/${found.repository}/pull/${found.number}`}} : {})
    },
    headers
  )
}
