/**
 * A minimal RESP2 client on a raw socket for `vigil backup`: connect with a deadline, send a
 * command and read its one reply with a deadline, and hand the socket over for the raw SYNC
 * stream. Every failure becomes a BackupError whose message names the peer and says what went
 * wrong in words an operator can act on. Nothing here ever puts a password in a message.
 */
import * as net from 'node:net';
import { encodeCommand } from '../../resp/encoder.js';
import { ReplyParser } from '../../resp/reply-parser.js';
/** A failure to report as is (one line, no stack trace). */
export class BackupError extends Error {
    name = 'BackupError';
}
/** Refused credentials: trying another node with the same ones would not help. */
export class AuthError extends BackupError {
}
export function seconds(ms) {
    return `${Number((ms / 1000).toFixed(3))} s`;
}
/** `host:port`, with brackets around an IPv6 address. */
export function formatAddress(host, port) {
    return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
/** What a socket error means, for a message. */
export function describeSocketError(err, peer) {
    switch (err.code) {
        case 'ECONNREFUSED':
            return `connection refused by ${peer} (nothing listens there)`;
        case 'ENOTFOUND':
        case 'EAI_AGAIN':
            return `cannot resolve the host of ${peer}`;
        case 'EHOSTUNREACH':
        case 'ENETUNREACH':
            return `${peer} is unreachable`;
        case 'ECONNRESET':
            return `${peer} reset the connection`;
        case 'EPIPE':
            return `${peer} closed the connection`;
        default:
            return `${peer}: ${err.message}`;
    }
}
/** Opens a TCP connection or throws a BackupError (refused, unresolvable, timed out). */
export function openSocket({ host, port, timeoutMs }) {
    const peer = formatAddress(host, port);
    return new Promise((resolve, reject) => {
        const socket = net.connect({ host, port });
        const timer = setTimeout(() => {
            socket.destroy();
            reject(new BackupError(`no connection to ${peer} within ${seconds(timeoutMs)}`));
        }, timeoutMs);
        socket.once('connect', () => {
            clearTimeout(timer);
            socket.removeAllListeners('error');
            socket.setNoDelay(true);
            resolve(socket);
        });
        socket.once('error', (err) => {
            clearTimeout(timer);
            socket.destroy();
            reject(new BackupError(describeSocketError(err, peer)));
        });
    });
}
/** A connection in request/reply mode. */
export class RespConnection {
    socket;
    peer;
    parser = new ReplyParser();
    waiting;
    failure;
    constructor(socket, host, port) {
        this.socket = socket;
        this.peer = formatAddress(host, port);
        socket.on('data', this.onData);
        socket.on('error', this.onError);
        socket.on('close', this.onClose);
    }
    static async connect(options) {
        return new RespConnection(await openSocket(options), options.host, options.port);
    }
    onData = (chunk) => {
        this.parser.push(chunk);
        let value;
        try {
            value = this.parser.next();
        }
        catch (e) {
            this.fail(new BackupError(`${this.peer} sent a malformed reply: ${e.message}`));
            return;
        }
        if (value === null)
            return;
        const w = this.waiting;
        this.waiting = undefined;
        if (w)
            w.resolve(value);
    };
    onError = (err) => {
        this.fail(new BackupError(describeSocketError(err, this.peer)));
    };
    onClose = () => {
        this.fail(new BackupError(`${this.peer} closed the connection`));
    };
    fail(err) {
        this.failure ??= err;
        const w = this.waiting;
        this.waiting = undefined;
        if (w)
            w.reject(this.failure);
    }
    /**
     * Sends one command and resolves with its reply (an error reply is a value, not a
     * rejection). `label` is how the command appears in messages: never the arguments of AUTH.
     */
    request(args, timeoutMs, label) {
        if (this.failure)
            return Promise.reject(this.failure);
        if (this.waiting)
            return Promise.reject(new Error('one request at a time'));
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                this.waiting = undefined;
                reject(new BackupError(`${this.peer} did not answer ${label} within ${seconds(timeoutMs)}`));
            }, timeoutMs);
            this.waiting = {
                resolve: (v) => {
                    clearTimeout(timer);
                    resolve(v);
                },
                reject: (e) => {
                    clearTimeout(timer);
                    reject(e);
                },
            };
            this.socket.write(encodeCommand(args));
        });
    }
    /**
     * AUTH with a password and, when given, a user name. Throws a BackupError that says which
     * credentials were refused (by their option name, never their value).
     */
    async auth(user, password, timeoutMs, option) {
        const args = user === undefined ? ['AUTH', password] : ['AUTH', user, password];
        const reply = await this.request(args, timeoutMs, 'AUTH');
        if (reply.type === 'simple')
            return;
        const text = errorText(reply);
        if (/^WRONGPASS/i.test(text) || /invalid (username-)?password/i.test(text)) {
            throw new AuthError(`authentication to ${this.peer} failed: wrong user or password (${option})`);
        }
        if (/without any password configured|no password is set/i.test(text)) {
            throw new AuthError(`${this.peer} has no password set but ${option} was given: ${text}`);
        }
        throw new AuthError(`AUTH on ${this.peer} failed: ${text}`);
    }
    /** Stops reading replies and gives the socket over (for the raw SYNC stream). */
    detach() {
        this.socket.off('data', this.onData);
        this.socket.off('error', this.onError);
        this.socket.off('close', this.onClose);
        return this.socket;
    }
    close() {
        this.detach();
        this.socket.on('error', () => undefined);
        this.socket.destroy();
    }
}
/** The text of an error reply, or a description of an unexpected one. */
export function errorText(reply) {
    if (reply.type === 'error' || reply.type === 'blobError')
        return reply.value;
    return `unexpected ${reply.type} reply`;
}
/** True for the error a server sends to a client that must authenticate first. */
export function isNoAuth(reply) {
    return (reply.type === 'error' || reply.type === 'blobError') && /^NOAUTH/i.test(reply.value);
}
