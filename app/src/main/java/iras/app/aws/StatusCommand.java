package iras.app.aws;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

@Command(name = "status", description = "The deployment's stack, web instance, workers by state and queue depths.")
public final class StatusCommand implements Callable<Integer> {
  @Mixin AwsOptions aws;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return aws.on(spec.commandLine().getOut(), (deployment, clients, out) -> {
      DeploymentResources resources = new DeploymentResources(clients, deployment);
      DeploymentStack stack = new DeploymentStack(clients.cloudFormation(), deployment);
      out.println(stack.describe()
          .map(s -> DeploymentStack.failed(s) ? stack.failure(s)
              : "stack " + deployment.stackName() + ": " + s.stackStatusAsString())
          .orElse("stack " + deployment.stackName() + ": none"));
      List<Instance> instances = resources.instances();
      instances.stream().filter(i -> DeploymentResources.name(i).equals(AwsDeployment.WEB_INSTANCE))
          .forEach(i -> out.printf("web-instance %s %s%s%n", i.instanceId(), i.state().nameAsString(),
              i.publicIpAddress() == null ? "" : " http://" + i.publicIpAddress() + ":" + UpCommand.WEB_PORT + "/"));
      Map<String, List<String>> workers = instances.stream()
          .filter(i -> !DeploymentResources.name(i).equals(AwsDeployment.WEB_INSTANCE))
          .collect(Collectors.groupingBy(i -> i.state().nameAsString(), TreeMap::new,
              Collectors.mapping(i -> DeploymentResources.name(i) + " " + i.instanceId(), Collectors.toList())));
      out.println("workers: " + (workers.isEmpty() ? "none" : workers.entrySet().stream()
          .map(e -> e.getValue().size() + " " + e.getKey()).collect(Collectors.joining(", "))));
      workers.forEach((state, names) -> names.stream().sorted().forEach(n -> out.println("  " + state + " " + n)));
      for (String queue : deployment.queues()) {
        out.println(resources.queueUrl(queue).map(url -> {
          Map<QueueAttributeName, String> a = clients.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(
              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
          return "queue " + queue + ": " + a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) + " waiting, "
              + a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) + " in flight";
        }).orElse("queue " + queue + ": none"));
      }
      out.flush();
      return 0;
    });
  }
}
