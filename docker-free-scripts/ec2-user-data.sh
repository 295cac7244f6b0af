#!/usr/bin/env bash
# EC2 user-data of an iras app-tier instance, sent by the controller with each launch. The image (AMI or launch
# template) holds Java 17 and iras under /opt/iras, with the units of this folder in /etc/systemd/system. The line
# below the heredoc marker becomes the deployment's settings (the controller fills it in; keys never travel here:
# the instance profile's role grants access to the buckets and queues).
set -euo pipefail
install -d -m 0755 /etc/iras
cat > /etc/iras/iras.env <<'SETTINGS'
@IRAS_ENV@
SETTINGS
# The worker's name is the instance's Name tag, read at each boot before the worker starts (a reused instance may
# have been renamed); iras-worker.service reads the file it writes.
install -m 0755 /dev/stdin /usr/local/bin/iras-instance-name <<'NAME'
#!/usr/bin/env bash
set -euo pipefail
token=$(curl -sf -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 60')
meta() { curl -sf -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/meta-data/$1"; }
name=$(meta tags/instance/Name || meta instance-id)
install -d /run/iras
echo "IRAS_INSTANCE_ID=$name" > /run/iras/instance.env
NAME
cat > /etc/systemd/system/iras-instance-name.service <<'UNIT'
[Unit]
Description=name the iras worker after this instance's Name tag
After=network-online.target
Wants=network-online.target
Before=iras-worker.service

[Service]
Type=oneshot
ExecStart=/usr/local/bin/iras-instance-name

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable iras-instance-name.service
systemctl enable --now iras-worker.service
