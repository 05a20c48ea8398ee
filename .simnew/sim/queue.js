export class EventQueue {
    heap = [];
    seq = 0;
    get size() {
        return this.heap.length;
    }
    push(t, fn) {
        const heap = this.heap;
        heap.push({ t, seq: this.seq++, fn });
        let i = heap.length - 1;
        while (i > 0) {
            const parent = (i - 1) >> 1;
            if (!less(heap[i], heap[parent]))
                break;
            [heap[i], heap[parent]] = [heap[parent], heap[i]];
            i = parent;
        }
    }
    peekTime() {
        return this.heap.length > 0 ? this.heap[0].t : Infinity;
    }
    pop() {
        const heap = this.heap;
        if (heap.length === 0)
            return undefined;
        const top = heap[0];
        const last = heap.pop();
        if (heap.length > 0) {
            heap[0] = last;
            let i = 0;
            for (;;) {
                const l = 2 * i + 1;
                const r = l + 1;
                let m = i;
                if (l < heap.length && less(heap[l], heap[m]))
                    m = l;
                if (r < heap.length && less(heap[r], heap[m]))
                    m = r;
                if (m === i)
                    break;
                [heap[i], heap[m]] = [heap[m], heap[i]];
                i = m;
            }
        }
        return top;
    }
}
function less(a, b) {
    return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}
