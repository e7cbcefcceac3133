// Reads Debezium change events the way a user's Node.js service does: a kafkajs consumer group,
// JSON values with schemas, picking before/after/op/source. Prints one JSON line per event:
// {"op", "id", "before", "after", "table", "txId", "snapshot"} and exits after `count` events.
//   node consume_changes.js <bootstrap> <topic> <count>
const { Kafka, logLevel } = require('kafkajs');

const [bootstrap, topic, countText] = process.argv.slice(2);
const count = Number(countText);
const kafka = new Kafka({ clientId: 'kafkajs-test', brokers: [bootstrap], logLevel: logLevel.ERROR });
const consumer = kafka.consumer({ groupId: `kafkajs-${process.pid}` });

async function main() {
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${seen} of ${count} events within 60 s`)), 60000);
    consumer.run({
      eachMessage: async ({ message }) => {
        if (message.value === null) return; // tombstone
        const event = JSON.parse(message.value.toString());
        const { before, after, op, source } = event.payload;
        const key = JSON.parse(message.key.toString()).payload;
        process.stdout.write(JSON.stringify({
          op, id: key.id, before, after, table: `${source.schema}.${source.table}`, txId: source.txId,
          snapshot: source.snapshot,
        }) + '\n');
        seen += 1;
        if (seen >= count) {
          clearTimeout(timer);
          resolve();
        }
      },
    }).catch(reject);
  });
  await consumer.disconnect();
}

main().then(() => process.exit(0), (err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exit(1);
});
